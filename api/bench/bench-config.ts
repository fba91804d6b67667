import { loadConfig, type Config } from '../src/config.js';
import { vapidEnvironment } from '../test/helpers/vapid.js';

export const BENCH_JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256';

/** Ponte's configuration on a benchmark's PostgreSQL database: no seed, no sweep unless asked, silent. */
export function benchConfig(databaseUrl: string, environment: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    JWT_SECRET: BENCH_JWT_SECRET,
    ...vapidEnvironment(),
    SEED: 'none',
    SWEEP_INTERVAL_MS: '0',
    LOG_LEVEL: 'silent',
    ...environment,
  });
}
