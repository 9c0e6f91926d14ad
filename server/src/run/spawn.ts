// The one way Runlens starts a tracer process, for the language server and the CLI alike. Plain
// node:child_process: the CLI starts once per command, and a process library's module graph would
// cost it start-up time.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Readable, type Writable } from 'node:stream';

/** How a tracer process ended. */
export interface TracerExit {
  exitCode: number | null;
  /** The signal that killed it, e.g. "SIGKILL". */
  signal: string | null;
  /** Set when the process could not be started at all, saying why (the interpreter is missing, the folder does not exist). */
  startError: string | null;
}

export interface TracerProcess {
  /** The tracer's records channel (its fd 3). */
  records: Readable;
  stdout: Readable;
  stderr: Readable;
  /** Kill it at once (SIGKILL); harmless after it ended. */
  kill(): void;
  /** Resolves when the process has ended and its streams are drained; never rejects. */
  exited: Promise<TracerExit>;
}

export interface SpawnOptions {
  cwd: string;
  /** Added to (and overriding) this process's own environment. */
  env: Record<string, string>;
  /** The program's standard input, then end of file (empty: end of file at once). */
  stdin: Uint8Array;
  /** The run's configuration, written to the tracer's fd 4, then end of file. */
  config: Uint8Array;
  /** Aborting kills the process. */
  signal?: AbortSignal;
}

/**
 * Start `executable args` with fd 0 fed from `stdin`, fds 1 and 2 and the records channel (fd 3)
 * readable, and the configuration on fd 4. Never throws: a process that cannot start reports a
 * `startError` through `exited`.
 */
export function spawnTracer(executable: string, args: string[], options: SpawnOptions): TracerProcess {
  let child: ChildProcess;
  try {
    child = spawn(executable, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
  } catch (error) {
    // Node throws for some failures (a NUL byte in an environment variable, a cwd that is a file).
    return notStarted(describeStartError(error as NodeJS.ErrnoException, executable, options.cwd));
  }
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onAbort = () => kill();
  if (options.signal?.aborted) kill();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  feed(child.stdin, options.stdin);
  feed(child.stdio[4] as Writable | null, options.config);
  const exited = new Promise<TracerExit>((resolve) => {
    let startError: string | null = null;
    child.on('error', (error: NodeJS.ErrnoException) => {
      // After a start, 'error' only reports a failed kill of a process that is ending anyway.
      if (child.pid !== undefined) return;
      startError = describeStartError(error, executable, options.cwd);
      resolve({ exitCode: null, signal: null, startError });
    });
    child.once('close', (exitCode, signal) => resolve({ exitCode: startError ? null : exitCode, signal, startError }));
  }).finally(() => options.signal?.removeEventListener('abort', onAbort));
  return {
    records: child.stdio[3] as Readable,
    stdout: child.stdout!,
    stderr: child.stderr!,
    kill,
    exited,
  };
}

/** Write all of `data`, then end; a program that exits without reading it all is not an error. */
function feed(stream: Writable | null, data: Uint8Array): void {
  if (!stream) return;
  stream.on('error', () => undefined);
  stream.end(data.length > 0 ? data : undefined);
}

function describeStartError(error: NodeJS.ErrnoException, executable: string, cwd: string): string {
  if (error.code === 'ENOENT') return existsSync(cwd) ? `${executable} was not found` : `the working folder ${cwd} does not exist`;
  if (error.code === 'EACCES') return `${executable} is not executable (permission denied)`;
  if (error.code === 'ENOTDIR') return `the working folder ${cwd} is not a folder`;
  return error.message;
}

function notStarted(why: string): TracerProcess {
  const empty = () => Readable.from([]);
  return {
    records: empty(),
    stdout: empty(),
    stderr: empty(),
    kill: () => undefined,
    exited: Promise.resolve({ exitCode: null, signal: null, startError: why }),
  };
}
