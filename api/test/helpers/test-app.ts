import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { ManualClock } from '../../src/lib/clock.js';
import { createOrganization, createSignedInUser } from './factories.js';
import { listen } from './http.js';
import { vapidEnvironment } from './vapid.js';
import { createDatabaseFromTemplate } from './test-database.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
/** One VAPID pair per test file, so two apps of one test (two instances) sign alike. */
export const TEST_VAPID_ENVIRONMENT = vapidEnvironment();

export interface TestContext {
  app: FastifyInstance;
  database: DatabaseHandle;
  clock: ManualClock;
  config: Config;
  databaseUrl: string;
  /** Where the app listens (an ephemeral port on 127.0.0.1): route tests talk to it over a real socket. */
  baseUrl: string;
  close(): Promise<void>;
}

const silentLogger = { info: () => undefined, error: () => undefined, warn: () => undefined };

/** A test database of its own (cloned from the migrated template) and an app built on it. */
export async function createTestDatabase() {
  const created = await createDatabaseFromTemplate(inject('templateDatabase'));
  const database = await openDatabase({
    databaseUrl: created.url,
    dataDir: 'memory://',
    logger: silentLogger,
    poolSize: 30,
  });
  return {
    url: created.url,
    database,
    async drop() {
      await database.close().catch(() => undefined);
      await created.drop();
    },
  };
}

export function testConfig(databaseUrl: string, environment: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    ...TEST_VAPID_ENVIRONMENT,
    SEED: 'none',
    SWEEP_INTERVAL_MS: '0',
    LOG_LEVEL: 'silent',
    ...environment,
  });
}

export async function createTestApp(
  options: { environment?: Record<string, string>; now?: Date } = {},
): Promise<TestContext> {
  const testDatabase = await createTestDatabase();
  const clock = new ManualClock(options.now ?? new Date());
  const config = testConfig(testDatabase.url, options.environment);
  const app = await buildApp({ config, clock, database: testDatabase.database, logger: false });
  const baseUrl = await listen(app);
  return {
    app,
    database: testDatabase.database,
    clock,
    config,
    databaseUrl: testDatabase.url,
    baseUrl,
    async close() {
      await app.close();
      await testDatabase.drop();
    },
  };
}

/**
 * The usual start of a request's story: an app on a real socket at `now`, a school in Vimercate and
 * one of its teachers signed in.
 */
export async function createSchoolScenario(now: Date) {
  const context = await createTestApp({ now });
  const db = context.database.db;
  const { baseUrl } = context;
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  const requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id }))
    .headers;
  return { context, db, baseUrl, school, requester };
}
