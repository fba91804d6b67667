/**
 * `pnpm bench`: every benchmark in turn, each in a process of its own (one's load must not slow the next).
 * A part that misses a target exits 1; the others still run, and the last lines name the parts that missed.
 */
import { spawnSync } from 'node:child_process';

const PARTS = [
  { name: 'dispatch (candidates, HTTP routes)', script: 'bench/run.ts' },
  { name: 'live delivery', script: 'bench/live.ts' },
  { name: 'reports', script: 'bench/reports.ts' },
  { name: 'push delivery', script: 'bench/push.ts' },
  { name: 'the app on a phone (bytes, Lighthouse)', script: 'bench/web.ts' },
];

const only = process.argv.slice(2);
const missed: string[] = [];
for (const part of PARTS) {
  if (only.length > 0 && !only.some((word) => part.script.includes(word))) continue;
  console.log(`\n▶ ${part.name}`);
  const result = spawnSync('tsx', ['--conditions=development', part.script], { stdio: 'inherit' });
  if (result.status !== 0) missed.push(`${part.name} (exit ${result.status ?? result.signal})`);
}
console.log(missed.length === 0 ? '\nEvery target held.' : `\nMissed: ${missed.join('; ')}`);
process.exit(missed.length === 0 ? 0 : 1);
