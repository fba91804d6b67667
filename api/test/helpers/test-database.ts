import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the tests use; every test file gets its own database on it. */
export const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export const uniqueDatabaseName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;

/** A fresh database cloned from the migrated template made by global-setup.ts. */
export async function createDatabaseFromTemplate(
  template: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = uniqueDatabaseName('ponte_test');
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return {
    name,
    url: databaseUrl(name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
