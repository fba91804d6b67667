import type { FastifyBaseLogger } from 'fastify';

export interface SweepTask {
  name: string;
  run(): Promise<unknown>;
}

/**
 * Runs the time-driven work every `intervalMs`. Ticks never overlap within one process; several
 * processes may sweep one database at once, which every task is written to survive.
 */
export function startSweeper(tasks: SweepTask[], intervalMs: number, log: FastifyBaseLogger) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function tick() {
    for (const task of tasks) {
      try {
        await task.run();
      } catch (error) {
        log.warn({ err: error, task: task.name }, 'sweep task failed; it will run again at the next tick');
      }
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalMs);
    timer.unref();
  }

  if (intervalMs > 0) schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
