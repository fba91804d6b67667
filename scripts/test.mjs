// `pnpm test` / `npm test`: every suite (domain, API on real PostgreSQL, PGlite smoke, web components,
// browser end-to-end), then one closing line "N passed, N failed, N skipped" summed over all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ensureDependencies, root, run } from './toolchain.mjs';

const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function ensurePostgres() {
  const { hostname, port } = new URL(databaseUrl);
  const ready = () => spawnSync('pg_isready', ['-h', hostname, '-p', port || '5432'], { stdio: 'ignore' }).status === 0;
  if (ready()) return;
  const clusters = existsSync('/etc/postgresql')
    ? spawnSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).stdout.trim().split('\n')
    : [];
  if (clusters[0]) {
    console.log('PostgreSQL is down; starting the local cluster…');
    run('pg_ctlcluster', ['--skip-systemctl-redirect', clusters[0], 'main', 'start']);
  }
  if (!ready()) {
    console.error(`PostgreSQL is not reachable at ${hostname}:${port || 5432}. Start it or set TEST_DATABASE_URL.`);
    process.exit(1);
  }
}

const suites = [
  { name: 'api (domain, PostgreSQL, PGlite smoke)', cwd: 'api', args: [] },
  { name: 'web components', cwd: 'web', args: [] },
  {
    name: 'browser end-to-end',
    cwd: 'web',
    args: ['--config', 'vitest.e2e.config.ts'],
    needs: 'web/vitest.e2e.config.ts',
  },
];

ensureDependencies();
ensurePostgres();
ensureBuilt();

const reports = mkdtempSync(join(tmpdir(), 'ponte-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;
for (const [index, suite] of suites.entries()) {
  if (suite.needs && !existsSync(join(root, suite.needs))) continue;
  console.log(`\n▶ ${suite.name}`);
  const outputFile = join(reports, `suite-${index}.json`);
  const status = run(
    'pnpm',
    [
      'exec',
      'vitest',
      'run',
      ...suite.args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${outputFile}`,
    ],
    {
      cwd: join(root, suite.cwd),
      env: { ...process.env, TEST_DATABASE_URL: databaseUrl },
    },
  );
  if (!existsSync(outputFile)) {
    console.error(`✗ ${suite.name} produced no report (exit ${status})`);
    broken = true;
    continue;
  }
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  // A file that fails to load has no failed tests but a failed suite: count it as one failure.
  const failedFiles = report.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.every((test) => test.status !== 'failed'),
  ).length;
  totals.failed += failedFiles;
  if (status !== 0 && report.numFailedTests + failedFiles === 0) broken = true;
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
