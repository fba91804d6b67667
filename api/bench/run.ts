/**
 * `pnpm bench`: the dispatch benchmark. Builds a database of its own (10,000 mediators, 100,000 past
 * assignments), times (a) candidate ranking and (b) the HTTP routes under load against a baseline
 * route, prints the figures and writes them to BENCHMARKS.md, then drops the database.
 */
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/client.js';
import { createBenchDatabase } from './bench-database.js';
import { benchmarkCandidates } from './candidates-benchmark.js';
import { createCleanup } from './cleanup.js';
import { benchConfig } from './bench-config.js';
import { benchmarkHttp } from './http-benchmark.js';
import { currentLoadAverage, describeMachine, sampleLoadAverage } from './machine.js';
import { seededRandom } from './random.js';
import { printReport, targetChecks, writeBenchmarksFile, type BenchReport } from './report.js';
import { seedDataSet } from './seed-data-set.js';

const BENCHMARKS_FILE = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const RANDOM_SEED = 20_260_415;
const silentLogger = { error: () => undefined };

async function main(): Promise<void> {
  const cleanup = createCleanup();
  cleanup.onSignals();
  const loadAverageSampler = sampleLoadAverage();
  try {
    const benchDatabase = await createBenchDatabase();
    cleanup.add(`database ${benchDatabase.name}`, () => benchDatabase.drop());
    console.log(`Database ${benchDatabase.name}`);

    const config = benchConfig(benchDatabase.url);
    const database = await openDatabase({ databaseUrl: benchDatabase.url, dataDir: 'memory://', logger: silentLogger });
    cleanup.add('seeding connections', () => database.close());
    const random = seededRandom(RANDOM_SEED);

    console.log('Seeding');
    const dataSet = await seedDataSet(database, config, random, new Date());

    console.log('\n(a) Candidates');
    const candidates = [];
    for (const onlyPossiblyEligible of [false, true]) {
      const result = await benchmarkCandidates(database.db, config, random, dataSet.roster, dataSet.reference, {
        onlyPossiblyEligible,
      });
      candidates.push(result);
      console.log(
        `  ${result.scope}: p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms; ` +
          `best pass p50 ${result.bestOfPassesP50Ms.toFixed(1)} ms, p99 ${result.bestOfPassesP99Ms.toFixed(1)} ms; first ranking (loads the roster) ${result.firstRankingMs.toFixed(0)} ms  (load average ${currentLoadAverage()})`,
      );
    }

    console.log('\n(b) HTTP');
    const http = await benchmarkHttp(benchDatabase.url, database.db, dataSet.accounts, cleanup);

    const report: BenchReport = {
      finishedAt: new Date(),
      machine: await describeMachine(),
      loadAverage: loadAverageSampler.stop(),
      command: 'pnpm bench',
      tableSizes: dataSet.tableSizes,
      largestLanguagePools: dataSet.largestLanguagePools,
      candidates,
      http,
    };
    printReport(report);
    await writeBenchmarksFile(BENCHMARKS_FILE, report);
    console.log(`\nFigures written to ${BENCHMARKS_FILE}`);
    const missed = targetChecks(report).filter((check) => !check.met);
    if (missed.length > 0) {
      console.log(
        `Missed: ${missed.map((check) => `${check.figure} (${check.value}, target ${check.target})`).join('; ')}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await cleanup.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
