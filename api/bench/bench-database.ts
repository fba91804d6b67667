import { existsSync } from 'node:fs';
import pg from 'pg';
import { forkTypeScript } from './typescript-child.js';

const LOCAL_SOCKET_DIRECTORY = '/var/run/postgresql';

/**
 * The PostgreSQL server to benchmark on; the benchmark makes and drops a database of its own there. By
 * default the local server over its Unix socket when there is one (how an app beside its database
 * connects: cheaper than TCP on loopback), else over TCP.
 */
export const benchServerUrl =
  process.env.BENCH_DATABASE_URL ??
  (existsSync(`${LOCAL_SOCKET_DIRECTORY}/.s.PGSQL.5432`)
    ? `postgres://postgres@localhost/postgres?host=${LOCAL_SOCKET_DIRECTORY}`
    : 'postgres://postgres@127.0.0.1:5432/postgres');

/** "Unix socket /var/run/postgresql" or "TCP 127.0.0.1:5432": how the app reaches the server. */
export function describeConnection(url = benchServerUrl): string {
  const parsed = new URL(url);
  const socketDirectory = parsed.searchParams.get('host');
  return socketDirectory?.startsWith('/')
    ? `Unix socket ${socketDirectory}`
    : `TCP ${parsed.hostname}:${parsed.port || '5432'}`;
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function onServer<T extends pg.QueryResultRow>(statement: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: benchServerUrl });
  await client.connect();
  try {
    return (await client.query<T>(statement)).rows;
  } finally {
    await client.end();
  }
}

export async function dropBenchDatabase(name: string): Promise<void> {
  await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** A watcher in its own session that drops the database when this process ends, even by SIGKILL. */
function dropWhenThisProcessEnds(name: string): void {
  const janitor = forkTypeScript(new URL('./database-janitor.ts', import.meta.url), [String(process.pid), name], {
    detached: true,
    stdio: 'ignore',
  });
  janitor.disconnect();
  janitor.unref();
}

let databasesCreated = 0;

/** `ponte_bench_<pid>` (then `_2`, `_3`… should one process make several), migrated by the caller. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  databasesCreated += 1;
  const name = databasesCreated === 1 ? `ponte_bench_${process.pid}` : `ponte_bench_${process.pid}_${databasesCreated}`;
  const url = new URL(benchServerUrl);
  url.pathname = `/${name}`;
  // A leftover from a killed run with the same pid would make CREATE fail.
  await dropBenchDatabase(name);
  await onServer(`CREATE DATABASE "${name}"`);
  dropWhenThisProcessEnds(name);
  return { name, url: url.toString(), drop: () => dropBenchDatabase(name) };
}

/** "PostgreSQL 15.20" out of the server's long version string. */
export async function postgresVersion(): Promise<string> {
  const [row] = await onServer<{ version: string }>('SELECT version()');
  return /^PostgreSQL [\d.]+/.exec(row?.version ?? '')?.[0] ?? 'PostgreSQL (unknown version)';
}
