// `pnpm dev`: the API with reload (tsx watch) and the SPA with hot reload (vite, proxying /api to the API).
import { spawn } from 'node:child_process';
import { ensureDependencies, root } from './toolchain.mjs';

ensureDependencies();
const children = [
  spawn('pnpm', ['--filter', './api', 'run', 'dev'], { cwd: root, stdio: 'inherit' }),
  spawn('pnpm', ['--filter', './web', 'run', 'dev'], { cwd: root, stdio: 'inherit' }),
];
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children)
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
