import { execa } from 'execa';
import type { Readable } from 'node:stream';
import type { SpawnTracer } from './spawn';

export const spawnWithExeca: SpawnTracer = (executable, args, options) => {
  const child = execa(executable, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe', 'pipe', options.config],
    buffer: false,
    reject: false,
    cancelSignal: options.signal,
    forceKillAfterDelay: false,
    killSignal: 'SIGKILL',
  });
  return {
    records: child.stdio[3] as Readable,
    stdout: child.stdout as Readable,
    stderr: child.stderr as Readable,
    kill: () => child.kill('SIGKILL'),
    exited: child.then((result) => ({
      exitCode: result.exitCode ?? null,
      signal: (result.signal as string | undefined) ?? null,
      startError: result.failed && result.exitCode === undefined && !result.isTerminated
        ? (result.shortMessage ?? 'unknown error')
        : null,
    })),
  };
};
