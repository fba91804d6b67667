import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Clock } from './lib/clock.js';

/** What every service needs: the database, the clock and the settings. */
export interface AppContext {
  db: Database;
  clock: Clock;
  config: Config;
  log: FastifyBaseLogger;
}
