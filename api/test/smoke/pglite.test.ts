import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { DEMO_PASSWORD } from '../../src/db/demo-data.js';
import { http, listen } from '../helpers/http.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ponte-smoke-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

const ADMIN = { email: 'capo@provider.example', password: 'a-long-admin-password' };
const start = async () => {
  const app = await buildApp({
    config: loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_MS: '0',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    }),
    logger: false,
  });
  await listen(app);
  return app;
};

it('migrates the embedded database, loads demo data, signs in, serves a request, and keeps data across a restart', async () => {
  const first = await start();
  const login = await http(first, 'POST', '/api/auth/login', {
    body: { email: 'coordinatrice@ponte.demo', password: DEMO_PASSWORD },
  });
  expect(login.statusCode).toBe(200);
  const headers = { authorization: `Bearer ${login.body.accessToken}` };
  const organizations = await http(first, 'GET', '/api/organizations', { headers });
  expect(organizations.statusCode).toBe(200);
  expect(organizations.body.items.length).toBeGreaterThanOrEqual(8);
  // Issue 17: the demo's funding lines, FAMI and the Piano di Zona with part of their hours used.
  const lines = await http(first, 'GET', '/api/funding-lines', { headers });
  expect(lines.statusCode, lines.text).toBe(200);
  const used = (lines.body.items as { name: string; deliveredMinutes: number; remainingMinutes: number }[]).filter(
    (line) => line.deliveredMinutes > 0,
  );
  expect(used.map((line) => line.name.split(' ')[0])).toEqual(expect.arrayContaining(['FAMI', 'Piano']));
  for (const line of used) expect(line.remainingMinutes).toBeGreaterThan(0);
  // The request list is JSON built by the database in a prepared statement (request-list.query.ts): PGlite runs it too.
  const list = await http(first, 'GET', '/api/requests?status=completed,assigned,searching&limit=5&offset=1', {
    headers,
  });
  expect(list.statusCode, list.text).toBe(200);
  expect(list.body.items).toHaveLength(5);
  expect(list.body.total).toBeGreaterThan(6);
  const created = await http(first, 'POST', '/api/organizations', {
    headers,
    body: {
      name: 'Scuola della prova',
      kind: 'school',
      municipality: 'Arcore',
      districtId: 'vimercate',
      address: 'Via Prova 1',
    },
  });
  expect(created.statusCode).toBe(201);
  await first.close();

  const second = await start();
  // The same access token still verifies: the generated signing secret is kept in DATA_DIR.
  const afterRestart = await http(second, 'GET', `/api/organizations/${created.body.id}`, { headers });
  expect(afterRestart.statusCode).toBe(200);
  expect(afterRestart.body.name).toBe('Scuola della prova');
  const count = (await http(second, 'GET', '/api/organizations', { headers })).body.total;
  expect(count).toBe(organizations.body.total + 1);
  // ADMIN_EMAIL/ADMIN_PASSWORD made a coordinator at the first start, and only once.
  const admin = await http(second, 'POST', '/api/auth/login', { body: ADMIN });
  expect(admin.statusCode).toBe(200);
  expect(admin.body.user).toMatchObject({ email: ADMIN.email, role: 'coordinator' });
  const users = await http(second, 'GET', '/api/users?limit=200', { headers });
  expect(users.body.items.filter((user: { email: string }) => user.email === ADMIN.email)).toHaveLength(1);
  await second.close();
});
