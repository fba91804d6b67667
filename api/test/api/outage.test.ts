import { createServer, Socket, type Server } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { ManualClock } from '../../src/lib/clock.js';
import { http, listen } from '../helpers/http.js';
import { createTestDatabase, testConfig } from '../helpers/test-app.js';
import type { FastifyInstance } from 'fastify';

/** A TCP proxy in front of PostgreSQL that the test can cut and restore, like a database outage. */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(port = 0) {
    this.server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
  }

  async cut() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let app: FastifyInstance;
let proxy: CuttableProxy;
let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  const direct = new URL(testDatabase.url);
  proxy = new CuttableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  await proxy.open();
  const viaProxy = new URL(testDatabase.url);
  viaProxy.port = String(proxy.port);
  const errors: unknown[] = [];
  const database = await openDatabase({
    databaseUrl: viaProxy.toString(),
    dataDir: 'memory://',
    logger: { error: (object) => errors.push(object) },
  });
  app = await buildApp({ config: testConfig(viaProxy.toString()), clock: new ManualClock(), database, logger: false });
  await listen(app);
});
afterAll(async () => {
  await app.close();
  await app.database.close();
  await proxy.cut();
  await testDatabase.drop();
});

it('answers 503 with Retry-After while the database is unreachable and recovers without a restart', async () => {
  expect((await http(app, 'GET', '/api/health')).statusCode).toBe(200);
  const before = await http(app, 'POST', '/api/auth/login', {
    body: { email: 'nobody@test.ponte', password: 'whatever-123' },
  });
  expect(before.statusCode).toBe(401);

  await proxy.cut(); // idle pooled clients lose their server; the process must survive that

  const health = await http(app, 'GET', '/api/health');
  expect(health.statusCode).toBe(503);
  expect(health.body).toEqual({ status: 'unavailable', db: 'unreachable' });
  const login = await http(app, 'POST', '/api/auth/login', {
    body: { email: 'nobody@test.ponte', password: 'whatever-123' },
  });
  expect(login.statusCode).toBe(503);
  expect(login.headers['retry-after']).toBe('5');
  expect(login.body).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
  expect(login.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);

  await proxy.open(proxy.port);

  expect((await http(app, 'GET', '/api/health')).statusCode).toBe(200);
  const after = await http(app, 'POST', '/api/auth/login', {
    body: { email: 'nobody@test.ponte', password: 'whatever-123' },
  });
  expect(after.statusCode).toBe(401);
});
