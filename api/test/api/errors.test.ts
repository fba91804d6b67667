import { request as httpRequest } from 'node:http';
import { sql } from 'drizzle-orm';
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
  // Real PostgreSQL violations, raised through the real handler: the mapping goes by constraint name.
  const { db } = testDatabase.database;
  await db.execute(sql`CREATE TABLE test_rooms (booked int4range, EXCLUDE USING gist (booked WITH &&))`);
  await db.execute(sql`CREATE TABLE test_tags (tag text CONSTRAINT test_tags_tag_unique UNIQUE)`);
  const violations: Record<string, () => Promise<unknown>> = {
    'other-exclusion': async () => {
      await db.execute(sql`INSERT INTO test_rooms VALUES ('[1,5)')`);
      await db.execute(sql`INSERT INTO test_rooms VALUES ('[3,8)')`);
    },
    'other-unique': async () => {
      await db.execute(sql`INSERT INTO test_tags VALUES ('a')`);
      await db.execute(sql`INSERT INTO test_tags VALUES ('a')`);
    },
    'user-email': async () => {
      await db.execute(sql`INSERT INTO users (email, name, role) VALUES ('dup@test.ponte', 'A', 'coordinator')`);
      await db.execute(sql`INSERT INTO users (email, name, role) VALUES ('DUP@test.ponte', 'B', 'coordinator')`);
    },
    check: () => db.execute(sql`INSERT INTO users (email, name, role) VALUES ('x@test.ponte', 'X', 'pirate')`),
  };
  app.post<{ Params: { kind: string } }>('/api/test/violate/:kind', async (request) => {
    await db.execute(sql`TRUNCATE test_rooms, test_tags`);
    await violations[request.params.kind]!();
    return { ok: true };
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
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 400, code: 'MALFORMED_BODY', title: 'Bad Request' });
  });

  it('answers a body too large with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await http(app, 'POST', '/api/auth/login', {
      body: { email: 'a@b.it', password: 'x'.repeat(1_100_000) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Content Too Large' });
  });

  it('answers a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await http(app, 'POST', '/api/auth/login', {
      headers: { 'content-type': 'application/xml' },
      body: '<login/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers headers too large with a 431 problem written by the HTTP parser hook', async () => {
    const { port } = app.server.address() as { port: number };
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const outgoing = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/health',
        headers: { 'x-big': 'a'.repeat(20_000) },
      });
      outgoing.on('response', (incoming) => {
        let body = '';
        incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, type: String(incoming.headers['content-type']), body }),
        );
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(answer.status).toBe(431);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });
});

describe('constraint violations, mapped by the constraint name', () => {
  it('names the e-mail of a duplicate user', async () => {
    const response = await http(app, 'POST', '/api/test/violate/user-email');
    expect(response.statusCode).toBe(409);
    expect(response.body).toMatchObject({
      code: 'CONFLICT',
      errors: [{ path: 'email', message: 'is already in use' }],
    });
  });

  it('does not take another exclusion constraint for a busy mediator', async () => {
    const response = await http(app, 'POST', '/api/test/violate/other-exclusion');
    expect(response.statusCode).toBe(409);
    expect(response.body.code).toBe('CONFLICT');
    expect(response.text).not.toMatch(/test_rooms|excl|constraint/i);
  });

  it('answers another unique violation with a plain 409 that leaks no name', async () => {
    const response = await http(app, 'POST', '/api/test/violate/other-unique');
    expect(response.statusCode).toBe(409);
    expect(response.body.code).toBe('CONFLICT');
    expect(response.text).not.toMatch(/test_tags|unique|constraint/i);
  });

  it('leaves a check violation (a validation gap) to the hidden 500', async () => {
    const response = await http(app, 'POST', '/api/test/violate/check');
    expect(response.statusCode).toBe(500);
    expect(response.body.code).toBe('INTERNAL');
    expect(response.text).not.toMatch(/users_role_check|pirate/);
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
