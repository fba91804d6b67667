import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runPolicy, type PolicyRun, type RunOptions } from './run.js';

/** Runs one policy's season in a worker thread (its own embedded database, its own core). */
function runPolicyInWorker(options: RunOptions): Promise<PolicyRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./policy-worker.mjs', import.meta.url), { workerData: options });
    let answered = false;
    worker.once('message', (run: PolicyRun) => {
      answered = true;
      resolve(run);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the simulation worker stopped (exit code ${code}) before its season ended`));
    });
  });
}

/**
 * Each policy's season, in the order given: with `workers` above 1, that many at once in worker threads
 * (each season is independent and seeded, so the runs are the same either way), else one after another here.
 */
export async function runPolicies(
  runs: readonly RunOptions[],
  { workers = 1, onRunDone }: { workers?: number; onRunDone?: (index: number, run: PolicyRun) => void } = {},
): Promise<PolicyRun[]> {
  const results: PolicyRun[] = new Array(runs.length);
  const concurrency = Math.max(1, Math.min(workers, runs.length));
  let next = 0;
  const lane = async () => {
    while (next < runs.length) {
      const index = next;
      next += 1;
      const options = runs[index] as RunOptions;
      const run = concurrency > 1 ? await runPolicyInWorker(options) : await runPolicy(options);
      results[index] = run;
      onRunDone?.(index, run);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}

/** As many seasons at once as the machine has cores. */
export const defaultWorkers = () => availableParallelism();
