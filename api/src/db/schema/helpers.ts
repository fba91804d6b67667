import { sql, type SQL } from 'drizzle-orm';
import { timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid().primaryKey().defaultRandom();
export const instant = () => timestamp({ withTimezone: true, mode: 'date' });
export const createdAt = () => instant().notNull().defaultNow();

/** `column IN ('a','b')` for a check constraint over a closed set of values. */
export function oneOf(column: SQL | { name: string }, values: readonly string[]): SQL {
  const list = sql.raw(values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', '));
  return sql`${column} IN (${list})`;
}

/** Every element of an array column belongs to a closed set. */
export function allOf(column: { name: string }, values: readonly string[]): SQL {
  const list = sql.raw(values.map((value) => `'${value}'`).join(', '));
  return sql`${column} <@ ARRAY[${list}]::text[]`;
}
