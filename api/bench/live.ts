// `pnpm exec tsx --conditions=development bench/live.ts`: the live-delivery benchmark on its own.
import { createBenchDatabase } from './bench-database.js';
import { benchmarkLiveDelivery, LIVE_TARGET_P99_MS } from './live-benchmark.js';

const database = await createBenchDatabase();
try {
  const result = await benchmarkLiveDelivery(database.url);
  console.log(
    `Live delivery: ${result.mediators} mediators on SSE, ${result.requests} requests each offered to all of them`,
  );
  for (const [label, figures] of Object.entries({
    'same instance': result.sameInstance,
    'across two instances': result.acrossInstances,
  })) {
    const verdict = figures.p99 <= LIVE_TARGET_P99_MS ? 'PASS' : 'MISS';
    console.log(
      `  ${label.padEnd(22)} p50 ${figures.p50} ms  p99 ${figures.p99} ms  max ${figures.max} ms  (target p99 ≤ ${LIVE_TARGET_P99_MS} ms: ${verdict})`,
    );
  }
} finally {
  await database.drop();
}
