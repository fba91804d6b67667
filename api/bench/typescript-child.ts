import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Starts one of the benchmark's TypeScript files as a Node child process, with tsx's loader. */
export function forkTypeScript(file: URL, args: string[] = [], options: ForkOptions = {}): ChildProcess {
  return fork(fileURLToPath(file), args, { ...options, execArgv: ['--import', import.meta.resolve('tsx')] });
}
