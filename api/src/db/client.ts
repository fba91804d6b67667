import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: repository methods accept either. */
export type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute' | 'transaction'>;

/** The rows of a raw `execute(sql…)` result, typed by the caller (both drivers answer `{ rows }`). */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

interface Logger {
  error(object: unknown, message?: string): void;
}

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** The pg pool (PostgreSQL) — for LISTEN connections and pool statistics. */
  pool: pg.Pool | undefined;
  /** The embedded database (PGlite). */
  pglite: PGlite | undefined;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** LISTEN on a channel; `onNotify` also runs after a lost listening connection is back, to catch up. */
  listen(channel: string, onNotify: () => void): Promise<{ close(): Promise<void> }>;
  close(): Promise<void>;
}

const MIGRATION_LOCK = 7_461_230;

export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  logger: Logger;
  poolSize?: number;
}): Promise<DatabaseHandle> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.logger, options.poolSize)
    : openPglite(options.dataDir);
}

function openPostgres(databaseUrl: string, logger: Logger, poolSize = 20): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server emits here; without a listener Node would crash the process.
  pool.on('error', (error) => logger.error({ err: error }, 'idle database client failed'));
  const db = drizzlePg(pool, { schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    pool,
    pglite: undefined,
    async migrate() {
      const client = await pool.connect();
      try {
        // Several instances may start at once: one migrates, the others wait and find nothing to do.
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg(client, { schema, casing: 'snake_case' }), { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    async ping() {
      await db.execute(sql`SELECT 1`);
    },
    listen: (channel, onNotify) => listenOnPostgres(pool, channel, onNotify, logger),
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  const location = inMemory ? dataDir : join(dataDir, 'pgdata');
  if (!inMemory) await mkdir(location, { recursive: true });
  const pglite = await PGlite.create(location, { extensions: { btree_gist } });
  const db = drizzlePglite(pglite, { schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    pool: undefined,
    pglite,
    async migrate() {
      await migratePglite(drizzlePglite(pglite, { schema, casing: 'snake_case' }), { migrationsFolder });
    },
    async ping() {
      await db.execute(sql`SELECT 1`);
    },
    async listen(channel, onNotify) {
      const unsubscribe = await pglite.listen(channel, onNotify);
      return { close: () => unsubscribe() };
    },
    async close() {
      await pglite.close();
    },
  };
}

const RECONNECT_DELAYS_MS = [250, 1000, 2000, 5000, 10_000];

/**
 * A dedicated connection (LISTEN needs one session for its whole life, so not a pooled client) that
 * reconnects by itself after the server goes away, then calls onNotify to catch up what it missed.
 */
async function listenOnPostgres(pool: pg.Pool, channel: string, onNotify: () => void, logger: Logger) {
  let client: pg.Client | undefined;
  let closed = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 10_000;
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
    retryTimer.unref();
  };

  async function connect() {
    const next = new pg.Client(pool.options);
    next.on('error', (error) => {
      logger.error({ err: error }, `LISTEN ${channel}: connection lost`);
      next.end().catch(() => undefined);
      if (client === next) client = undefined;
      scheduleReconnect();
    });
    next.on('notification', () => onNotify());
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      if (attempt > 0) onNotify();
      attempt = 0;
    } catch (error) {
      logger.error({ err: error }, `LISTEN ${channel}: cannot connect, retrying`);
      next.end().catch(() => undefined);
      scheduleReconnect();
    }
  }

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => undefined);
    },
  };
}
