/**
 * Drops the benchmark's database once the benchmark process is gone, however it went. Ctrl-C normally
 * runs the benchmark's own cleanup, but tsx kills its child outright (SIGKILL) when the child's event
 * loop is too busy to acknowledge the signal within 60 ms — as it is while generating the data set.
 * Started detached, so it outlives the benchmark and its process group.
 */
import { setTimeout } from 'node:timers/promises';
import { dropBenchDatabase } from './bench-database.js';

const POLL_MS = 500;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const [watchedPid, databaseName] = process.argv.slice(2);
if (!watchedPid || !databaseName) throw new Error('usage: database-janitor <pid> <database>');
while (isRunning(Number(watchedPid))) await setTimeout(POLL_MS);
await dropBenchDatabase(databaseName);
