import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chartSvg } from './chart.js';
import { formatLeadTable, formatTable } from './figures.js';
import { defaultWorkers } from './parallel.js';
import { policyNames, type PolicyName } from './policies.js';
import { simulateSeason } from './season.js';
import { shapeFromDatabase } from './shape.js';

const usage = `pnpm simulate [--seed N] [--days D] [--policies ponte,broadcast,batched,cascade] [--out DIR]
              [--scale K] [--from-database [--months N]]`;

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number of 1 or more, got "${raw}"`);
  return value;
}

async function main() {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      days: { type: 'string' },
      policies: { type: 'string' },
      out: { type: 'string' },
      scale: { type: 'string' },
      'from-database': { type: 'boolean' },
      months: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const seed = positiveInteger('seed', values.seed, 1);
  const days = positiveInteger('days', values.days, 120);
  const scale = positiveInteger('scale', values.scale, 4);
  const months = positiveInteger('months', values.months, 6);
  const policies = (values.policies ?? policyNames.join(',')).split(',').map((name) => name.trim());
  const unknown = policies.filter((name) => !(policyNames as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`--policies: unknown ${unknown.join(', ')} (known: ${policyNames.join(', ')})`);
  // pnpm runs the script in api/: a relative --out is the caller's.
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? 'simulation');
  const databaseUrl = process.env.DATABASE_URL;
  if (values['from-database'] && !databaseUrl) throw new Error('--from-database reads DATABASE_URL, which is not set');
  const shape = values['from-database'] && databaseUrl ? await shapeFromDatabase(databaseUrl, months) : undefined;
  const configuredPolicy = process.env.DISPATCH_POLICY ? JSON.parse(process.env.DISPATCH_POLICY) : undefined;

  console.error(
    `Simulating ${days} school days, seed ${seed}, ${30 * scale} mediators, demand from ${shape ? `the last ${months} months of DATABASE_URL` : 'the demo data'}` +
      `, on ${databaseUrl && !shape ? 'scratch databases beside DATABASE_URL' : 'the embedded database in memory'}…`,
  );
  const started = Date.now();
  const result = await simulateSeason({
    seed,
    days,
    scale,
    policies: policies as PolicyName[],
    ...(shape ? { shape } : {}),
    // The provider's own database is only read for its shape: the season runs in memory then.
    databaseUrl: shape ? undefined : databaseUrl,
    configuredPolicy,
    workers: defaultWorkers(),
    onPolicyDone: (policy) => console.error(`  ${policy} done (${Math.round((Date.now() - started) / 1000)} s)`),
  });
  const rows = result.policies.map(({ policy, figures }) => ({ policy, figures }));
  await mkdir(out, { recursive: true });
  await writeFile(resolve(out, 'simulation.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(
    resolve(out, 'simulation.svg'),
    await chartSvg(
      rows,
      `Ponte dispatch simulation — ${result.demand.requests} requests, ${days} school days, seed ${seed}`,
    ),
  );
  console.log(formatTable(rows));
  // stdout carries the one table of the contract (API.md); the split by lead time goes beside the progress.
  console.error(`By lead time:\n${formatLeadTable(result.policies)}`);
  for (const [policy, measures] of Object.entries(result.ponteLoses))
    console.log(`ponte loses to ${policy} on: ${measures.join(', ')}`);
  console.error(`Wrote ${resolve(out, 'simulation.json')} and simulation.svg`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
