import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * A timestamptz as text in `Date.prototype.toISOString()`'s format, for JSON that PostgreSQL builds:
 * it then reads exactly like every time the API sends in TypeScript.
 */
export const isoTime = (column: PgColumn | SQL) =>
  sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
