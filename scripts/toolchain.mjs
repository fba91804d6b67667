// Shared by start.mjs and test.mjs: make a fresh clone runnable with nothing but Node 20 and npm.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** The newest modification time under the given paths (files or folders), skipping what no build reads. */
function newestChange(paths) {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stats = statSync(path);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path)) {
        if (entry === 'node_modules' || entry === 'dist') continue;
        visit(join(path, entry));
      }
    } else {
      newest = Math.max(newest, stats.mtimeMs);
    }
  };
  for (const path of paths) visit(join(root, path));
  return newest;
}

const modifiedTime = (path) => (existsSync(join(root, path)) ? statSync(join(root, path)).mtimeMs : 0);

const INSTALL_STAMP = 'node_modules/.ponte-install-stamp';

/** Installs when nothing is installed, or when the lockfile or a manifest changed since the last install (a `git pull`). */
export function ensureDependencies() {
  const installed = modifiedTime(INSTALL_STAMP);
  const manifests = [
    'pnpm-lock.yaml',
    'pnpm-workspace.yaml',
    'package.json',
    'api/package.json',
    'web/package.json',
    'shared/package.json',
  ];
  if (installed === 0 || newestChange(manifests) > installed) {
    console.log(
      existsSync(join(root, 'node_modules'))
        ? 'Dependencies changed; installing…'
        : 'Installing dependencies (first run)…',
    );
    pnpm(['install', '--frozen-lockfile']);
    writeFileSync(join(root, INSTALL_STAMP), `${new Date().toISOString()}\n`);
  }
}

// What each workspace's build reads, and the stamp written after it succeeds. A workspace is rebuilt when
// anything it reads, or a workspace it depends on, changed since its stamp.
const workspaces = [
  { name: 'shared', inputs: ['shared'], dependsOn: [] },
  {
    name: 'api',
    inputs: ['api/src', 'api/package.json', 'api/tsconfig.json', 'api/tsconfig.build.json', 'tsconfig.base.json'],
    dependsOn: ['shared'],
  },
  {
    name: 'web',
    inputs: [
      'web/src',
      'web/public',
      'web/index.html',
      'web/package.json',
      'web/vite.config.ts',
      'web/tsconfig.json',
      'tsconfig.base.json',
    ],
    dependsOn: ['shared'],
  },
];
const stampOf = (name) => `${name}/dist/.ponte-build-stamp`;

/** Builds shared, api and web when their output is missing or older than their sources. */
export function ensureBuilt() {
  const rebuilt = new Set();
  for (const workspace of workspaces) {
    const built = modifiedTime(stampOf(workspace.name));
    const stale =
      built === 0 ||
      newestChange(workspace.inputs) > built ||
      workspace.dependsOn.some((dependency) => rebuilt.has(dependency) || modifiedTime(stampOf(dependency)) > built);
    if (!stale) continue;
    console.log(built === 0 ? `Building ${workspace.name}…` : `Rebuilding ${workspace.name} (its sources changed)…`);
    pnpm(['--filter', `./${workspace.name}`, 'run', 'build']);
    writeFileSync(join(root, stampOf(workspace.name)), `${new Date().toISOString()}\n`);
    rebuilt.add(workspace.name);
  }
}
