// Shared by start.mjs and test.mjs: make a fresh clone runnable with nothing but Node 20 and npm.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PNPM_VERSION = '12.4.2';
export const root = new URL('..', import.meta.url).pathname;

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function must(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} failed (exit ${status})`);
    process.exit(status);
  }
}

function hasPnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === PNPM_VERSION;
}

/** pnpm itself when installed at the pinned version, otherwise the pinned one through npx. */
export function pnpm(args, options) {
  if (hasPnpm()) return must('pnpm', args, options);
  return must('npx', ['--yes', `pnpm@${PNPM_VERSION}`, ...args], options);
}

export function ensureDependencies() {
  if (!existsSync(`${root}/node_modules/.modules.yaml`)) {
    console.log('Installing dependencies (first run)…');
    pnpm(['install', '--frozen-lockfile']);
  }
}

/** Builds shared, api and web when their output is missing. */
export function ensureBuilt() {
  const outputs = [
    ['shared', 'shared/dist/index.js'],
    ['api', 'api/dist/server.js'],
    ['web', 'web/dist/index.html'],
  ];
  for (const [workspace, output] of outputs) {
    if (!existsSync(`${root}/${output}`)) {
      console.log(`Building ${workspace}…`);
      pnpm(['--filter', `./${workspace}`, 'run', 'build']);
    }
  }
}
