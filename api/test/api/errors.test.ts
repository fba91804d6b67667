import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/lib/clock.js';
import { http, listen } from '../helpers/http.js';
import { createOrganization, createSignedInUser } from '../helpers/factories.js';
import { createTestDatabase, testConfig } from '../helpers/test-app.js';
import type { FastifyInstance } from 'fastify';

let app: FastifyInstance;
let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  app = await buildApp({
    config: testConfig(testDatabase.url),
    clock: new ManualClock(),
    database: testDatabase.database,
    logger: false,
  });
  app.get('/api/test/boom', async () => {
    throw new Error('secret internals: password=hunter2 at /srv/ponte/db.ts:42');
  });
  await listen(app);
});
afterAll(async () => {
  await app.close();
  await testDatabase.drop();
});

describe('problem details', () => {
  it('answers an unknown API route with a 404 problem', async () => {
    const response = await http(app, 'GET', '/api/does-not-exist');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      title: 'Not Found',
      type: expect.any(String),
    });
  });

  it('hides the internals of a thrown bug behind a 500', async () => {
    const response = await http(app, 'GET', '/api/test/boom');
    expect(response.statusCode).toBe(500);
    expect(response.body).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(response.text).not.toMatch(/hunter2|secret|db\.ts|stack/);
  });

  it('refuses a role that may not with 403', async () => {
    const organization = await createOrganization(testDatabase.database.db);
    const requester = await createSignedInUser(app, testDatabase.database.db, {
      role: 'requester',
      organizationId: organization.id,
    });
    const response = await http(app, 'GET', '/api/users', { headers: requester.headers });
    expect(response.statusCode).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it('names every invalid field of a body and of a query', async () => {
    const coordinator = await createSignedInUser(app, testDatabase.database.db, { role: 'coordinator' });
    const body = await http(app, 'POST', '/api/organizations', {
      headers: coordinator.headers,
      body: { name: '', kind: 'hospital', districtId: 'vimercate' },
    });
    expect(body.statusCode).toBe(400);
    const paths = (body.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort();
    expect(paths).toEqual(['address', 'kind', 'municipality', 'name']);
    const query = await http(app, 'GET', '/api/users?limit=0', { headers: coordinator.headers });
    expect(query.statusCode).toBe(400);
    expect(query.body.errors).toEqual([expect.objectContaining({ path: 'querystring.limit' })]);
  });

  it('rejects malformed JSON with a 400 problem', async () => {
    const response = await http(app, 'POST', '/api/auth/login', {
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('sends security headers', async () => {
    const response = await http(app, 'GET', '/api/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('documents every API route in OpenAPI 3.1, with its responses', async () => {
    const document = (await http(app, 'GET', '/docs/json')).body as {
      openapi: string;
      paths: Record<string, Record<string, { responses?: object }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    const apiRoutes = app.routeTable.filter(
      (route) => route.url.startsWith('/api/') && !route.url.startsWith('/api/test/'),
    );
    expect(apiRoutes.length).toBeGreaterThan(25);
    for (const route of apiRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(Object.keys(operation?.responses ?? {}).length, `${route.method} ${route.url} responses`).toBeGreaterThan(
        0,
      );
    }
  });
});
