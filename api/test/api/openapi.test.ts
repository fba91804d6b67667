import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../helpers/http.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/*
 * The OpenAPI document at /docs/json is what a newcomer generates a client from: it must validate, pass
 * Redocly's recommended rules without a warning, and say what the API really sends.
 */

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface OpenApiDocument {
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
}

const REDOCLY_CONFIG = fileURLToPath(new URL('../../redocly.yaml', import.meta.url));
const redoclyCli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

let context: TestContext;
let document: OpenApiDocument;
let operations: { key: string; operation: Operation }[];

beforeAll(async () => {
  context = await createTestApp();
  const response = await http(context.app, 'GET', '/docs/json');
  expect(response.status).toBe(200);
  document = response.body as OpenApiDocument;
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
  );
});
afterAll(async () => context.close());

/** Runs `redocly lint` (the CLI of @redocly/cli, with api/redocly.yaml) on the document; returns its JSON report. */
async function redoclyLint(openApi: object) {
  const folder = await mkdtemp(join(tmpdir(), 'ponte-openapi-'));
  try {
    const file = join(folder, 'openapi.json');
    await writeFile(file, JSON.stringify(openApi));
    const run = promisify(execFile)(
      process.execPath,
      [redoclyCli, 'lint', file, '--config', REDOCLY_CONFIG, '--format=json'],
      { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, timeout: 60_000 },
    );
    // With errors the CLI exits non-zero; its report is on stdout either way.
    const { stdout } = await run.catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    return JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe('the OpenAPI document', () => {
  it('validates with swagger-parser', async () => {
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('passes redocly lint (recommended rules) with no error and no warning', async () => {
    const report = await redoclyLint(document);
    const problems = report.problems.map(
      (problem) => `${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('documents every error response as application/problem+json', () => {
    const wrong = operations.flatMap(({ key, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => status.startsWith('4') || status.startsWith('5'))
        .filter(([status]) => status !== '503' || key !== 'GET /api/health') // health reports itself as JSON
        .filter(([, response]) => Object.keys(response.content ?? {}).join() !== 'application/problem+json')
        .map(([status, response]) => `${key} ${status}: ${Object.keys(response.content ?? {}).join()}`),
    );
    expect(wrong).toEqual([]);
  });

  it('documents the live events as text/event-stream', () => {
    expect(Object.keys(document.paths['/api/events']?.get?.responses['200']?.content ?? {})).toEqual([
      'text/event-stream',
    ]);
  });

  it('names every operation, uniquely, by one convention', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.paths['/api/requests/{id}/candidates']?.get?.operationId).toBe('getRequestCandidates');
    expect(document.paths['/api/requests']?.get?.operationId).toBe('getRequests');
    expect(document.paths['/api/requests/{id}']?.get?.operationId).toBe('getRequest');
  });

  it('declares a server, bearer security by default and none on the public operations', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    const securityOf = Object.fromEntries(
      operations.map(({ key, operation }) => [key, operation.security ?? document.security]),
    );
    const publicOperations = [
      'GET /api/health',
      'POST /api/auth/login',
      'POST /api/auth/accept-invite',
      'GET /api/mediators/{id}/calendar.ics',
      'GET /api/push/public-key',
    ];
    for (const key of publicOperations) expect(securityOf[key], key).toEqual([]);
    expect(securityOf['POST /api/auth/refresh']).toEqual([{ refreshCookie: [] }]);
    expect(securityOf['POST /api/auth/logout']).toEqual([{}, { refreshCookie: [] }]);
    const signedIn = Object.entries(securityOf).filter(
      ([key]) => !publicOperations.includes(key) && !key.includes('/auth/'),
    );
    expect(signedIn.length).toBeGreaterThan(30);
    for (const [key, security] of signedIn) expect(security, key).toEqual([{ bearerAuth: [] }]);
  });
});
