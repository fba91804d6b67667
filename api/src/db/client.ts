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
  close(): Promise<void>;
}

const MIGRATION_LOCK = 7_461_230;

export async function openDatabase(options: { databaseUrl?: string; dataDir: string; logger: Logger; poolSize?: number }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.logger, options.poolSize) : openPglite(options.dataDir);
}

function openPostgres(databaseUrl: string, logger: Logger, poolSize = 20): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000 });
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
    async close() {
      await pglite.close();
    },
  };
}
