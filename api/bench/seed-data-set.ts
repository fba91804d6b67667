import { count, desc, sql } from 'drizzle-orm';
import type { Config } from '../src/config.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { mediatorLanguages } from '../src/db/schema/index.js';
import { seedDatabase } from '../src/db/seed.js';
import { CREATE_LANGUAGE } from './load-scenarios.js';
import type { Random } from './random.js';
import { seedAccounts, type BenchAccounts } from './seed-accounts.js';
import { seedHistory } from './seed-history.js';
import { loadReferenceData, seedRoster, type ReferenceData, type Roster } from './seed-roster.js';

export interface DataSet {
  roster: Roster;
  reference: ReferenceData;
  accounts: BenchAccounts;
  /** Rows per table after seeding, for the report. */
  tableSizes: Record<string, number>;
  largestLanguagePools: [string, number][];
}

const REPORTED_TABLES = [
  'mediators',
  'mediator_languages',
  'mediator_districts',
  'mediator_weekly_slots',
  'mediator_time_off',
  'organizations',
  'users',
  'requests',
  'assignments',
  'offers',
];

async function countRows(database: DatabaseHandle): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const table of REPORTED_TABLES) {
    const result = await database.db.execute(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
    sizes[table] = Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
  }
  return sizes;
}

async function largestLanguagePools(database: DatabaseHandle): Promise<[string, number][]> {
  const rows = await database.db
    .select({ code: mediatorLanguages.languageCode, mediators: count() })
    .from(mediatorLanguages)
    .groupBy(mediatorLanguages.languageCode)
    .orderBy(desc(count()))
    .limit(5);
  return rows.map((row) => [row.code, row.mediators]);
}

const silentLog = { info: () => undefined };

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await step();
  console.log(`  ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

/** Migrations, reference data, then the bulk data set; statistics refreshed so plans are those of a live database. */
export async function seedDataSet(
  database: DatabaseHandle,
  config: Config,
  random: Random,
  now: Date,
): Promise<DataSet> {
  await timed('migrated, reference data loaded', async () => {
    await database.migrate();
    await seedDatabase(database.db, config, silentLog);
  });
  const reference = await loadReferenceData(database.db);
  const roster = await timed('mediators and organizations', () => seedRoster(database.db, random, reference, now));
  const history = await timed('past and upcoming assignments', () => seedHistory(database.db, random, roster, now));
  console.log(`    ${history.past} completed in the past year, ${history.upcoming} active in the coming four weeks`);
  const accounts = await timed('accounts and pending offers', () =>
    seedAccounts(database.db, random, roster, { now, createLanguage: CREATE_LANGUAGE }),
  );
  await timed('VACUUM ANALYZE', () => database.db.execute(sql`VACUUM ANALYZE`));
  return {
    roster,
    reference,
    accounts,
    tableSizes: await countRows(database),
    largestLanguagePools: await largestLanguagePools(database),
  };
}
