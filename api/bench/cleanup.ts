type Closer = () => Promise<unknown>;

/**
 * What the benchmark opened (database, app, load generator), closed last-opened first — at the end, on
 * failure and on Ctrl-C alike, so no `ponte_bench_*` database outlives the run.
 */
export function createCleanup() {
  const closers: { name: string; close: Closer }[] = [];
  let running: Promise<void> | undefined;

  async function closeAll(): Promise<void> {
    while (closers.length > 0) {
      const closer = closers.pop();
      if (!closer) break;
      await closer.close().catch((error: unknown) => console.error(`cleanup of ${closer.name} failed:`, error));
    }
  }

  function run(): Promise<void> {
    running ??= closeAll();
    return running;
  }

  return {
    add(name: string, close: Closer) {
      closers.push({ name, close });
    },
    run,
    /** Ctrl-C and kill: clean up, then leave with the conventional status. */
    onSignals() {
      for (const [signal, status] of [
        ['SIGINT', 130],
        ['SIGTERM', 143],
      ] as const) {
        process.once(signal, () => {
          console.error(`\n${signal}: cleaning up…`);
          void run().finally(() => process.exit(status));
        });
      }
    },
  };
}

export type Cleanup = ReturnType<typeof createCleanup>;
