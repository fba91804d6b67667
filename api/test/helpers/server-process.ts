import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const apiRoot = fileURLToPath(new URL('../..', import.meta.url));
const READY = /Ponte is running at (http:\/\/\S+)/;

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** What the process wrote, for the message of a failing test. */
  output(): string;
  /** SIGKILL: no close hooks, no graceful shutdown, connections cut by the kernel — a crash. */
  crash(): Promise<void>;
}

/**
 * The real server (src/server.ts, as `pnpm dev` runs it, without watch) in a child process, so a test
 * can kill it the way a crash or an OOM kill would: nothing in it gets to clean up.
 */
export async function startServerProcess(
  environment: Record<string, string>,
  timeoutMs = 45_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', 'src/server.ts'], {
    cwd: apiRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const exited = once(child, 'exit');
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = () => {
      const match = READY.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(match[1]!);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited before it was ready (${code ?? signal}):\n${output}`));
    });
  });

  return {
    child,
    baseUrl,
    output: () => output,
    async crash() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
