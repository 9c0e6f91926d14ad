import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { SpawnTracer, TracerExit } from './spawn';

/**
 * The same contract as spawnWithExeca on plain node:child_process: the CLI starts once per
 * command, and execa's module graph costs it about 15 ms of start-up.
 */
export const spawnWithNode: SpawnTracer = (executable, args, options) => {
  const child = spawn(executable, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
    signal: options.signal,
    killSignal: 'SIGKILL',
  });
  const feed = (stream: Writable | null | undefined, data: Uint8Array | null) => {
    if (!stream) return;
    stream.on('error', () => undefined); // the program may exit without reading it all
    stream.end(data ?? undefined);
  };
  feed(child.stdin, options.stdin);
  feed(child.stdio[4] as Writable, options.config);
  const exited = new Promise<TracerExit>((resolve) => {
    let startError: string | null = null;
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name !== 'AbortError') startError = error.message;
      if (child.pid === undefined) resolve({ exitCode: null, signal: null, startError });
    });
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, startError }));
  });
  return {
    records: child.stdio[3] as Readable,
    stdout: child.stdout as Readable,
    stderr: child.stderr as Readable,
    kill: () => child.kill('SIGKILL'),
    exited,
  };
};
