import { parentPort, workerData } from 'node:worker_threads';
import { runPolicy, type RunOptions } from './run.js';

// One policy's season in a thread of its own; the demand's dates survive the structured clone.
parentPort?.postMessage(await runPolicy(workerData as RunOptions));
