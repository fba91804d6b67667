import { cpus, loadavg } from 'node:os';
import { describeConnection, postgresVersion } from './bench-database.js';

export interface Machine {
  cores: number;
  cpuModel: string;
  node: string;
  postgres: string;
  /** How the app reaches PostgreSQL. */
  connection: string;
}

export async function describeMachine(): Promise<Machine> {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    postgres: await postgresVersion(),
    connection: describeConnection(),
  };
}

/**
 * The one-minute load average: anything well above the core count means other work shared the CPU with
 * the benchmark, and its figures are pessimistic.
 */
export const currentLoadAverage = () => (loadavg()[0] ?? 0).toFixed(1);

/** Samples the load average every few seconds for the length of the benchmark. */
export function sampleLoadAverage(intervalMs = 5_000) {
  const samples: number[] = [];
  const take = () => samples.push(loadavg()[0] ?? 0);
  take();
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    stop(): { min: number; max: number } {
      clearInterval(timer);
      take();
      return { min: Math.min(...samples), max: Math.max(...samples) };
    },
  };
}
