import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { seedDatabase } from '../src/db/seed.js';
import { adminQuery, databaseUrl, uniqueDatabaseName } from './helpers/test-database.js';
import { vapidEnvironment } from './helpers/vapid.js';

const silent = { info: () => undefined, error: () => undefined };

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates one template database per run; each test file clones it (CREATE DATABASE … TEMPLATE). */
export default async function setup(project: TestProject) {
  const template = uniqueDatabaseName('ponte_template');
  await adminQuery(`CREATE DATABASE "${template}"`);
  const url = databaseUrl(template);
  const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://', logger: silent });
  try {
    await database.migrate();
    await seedDatabase(
      database.db,
      loadConfig({ DATABASE_URL: url, JWT_SECRET: 'x'.repeat(32), ...vapidEnvironment(), SEED: 'none' }),
      silent,
    );
  } finally {
    await database.close();
  }
  project.provide('templateDatabase', template);
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  };
}
