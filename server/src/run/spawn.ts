// The one way Runlens starts a tracer process, for the language server and the CLI alike. Plain
// node:child_process: the CLI starts once per command, and a process library's module graph would
// cost it start-up time. Each run is a session and process group of its own, and everything it
// starts ends with it (containment.ts). The run ends when the tracer process exits, plus a short,
// bounded drain of its pipes: a process it left behind holding stdout, stderr or fd 3 open never
// keeps the run (or the CLI) waiting.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { RunContainment } from './containment';
import { RUN_MARKER_VARIABLE } from './processTree';

/** How long the pipes are read after the tracer exited when something it left behind still holds them open. */
export const PIPE_DRAIN_MS = 250;

/** How a tracer process ended. */
export interface TracerExit {
  exitCode: number | null;
  /** The signal that killed it, e.g. "SIGKILL". */
  signal: string | null;
  /** Set when the process could not be started at all, saying why (the interpreter is missing, the folder does not exist). */
  startError: string | null;
}

export interface TracerProcess {
  /** The tracer's pid (null when it could not start): records from any other process are not the tracer's. */
  pid: number | null;
  /** The tracer's records channel (its fd 3). */
  records: Readable;
  stdout: Readable;
  stderr: Readable;
  /** Kill the run at once: the tracer and every process it started (SIGKILL); harmless after it ended. */
  kill(): void;
  /**
   * Resolves when the tracer process has ended and its pipes are drained (at most PIPE_DRAIN_MS
   * after it exited); never rejects. What it left behind has been signalled by then.
   */
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
  /** Aborting kills the run (every process of it). */
  signal?: AbortSignal;
}

/**
 * Start `executable args` with fd 0 fed from `stdin`, fds 1 and 2 and the records channel (fd 3)
 * readable, and the configuration on fd 4. Never throws: a process that cannot start reports a
 * `startError` through `exited`.
 */
export function spawnTracer(executable: string, args: string[], options: SpawnOptions): TracerProcess {
  // A new session (setsid): its own process group, no controlling terminal, so the whole run can be
  // signalled at once. Windows has neither; the run is its one process there.
  const ownGroup = process.platform !== 'win32';
  const marker = `${process.pid}.${randomUUID()}`;
  let child: ChildProcess;
  try {
    child = spawn(executable, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, [RUN_MARKER_VARIABLE]: marker },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      detached: ownGroup,
      windowsHide: true,
    });
  } catch (error) {
    // Node throws for some failures (a NUL byte in an environment variable, a cwd that is a file).
    return notStarted(describeStartError(error as NodeJS.ErrnoException, executable, options.cwd));
  }
  const contained = ownGroup && child.pid !== undefined ? RunContainment.forTracer(child.pid, marker) : null;
  const kill = () => {
    if (contained) contained.killNow();
    else if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onAbort = () => kill();
  if (options.signal?.aborted) kill();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  feed(child.stdin, options.stdin);
  feed(child.stdio[4] as Writable | null, options.config);
  const pipes = child.stdio.filter((pipe): pipe is NonNullable<typeof pipe> => pipe != null);
  const exited = new Promise<TracerExit>((resolve) => {
    let startError: string | null = null;
    let drain: NodeJS.Timeout | null = null;
    const done = (exit: TracerExit) => {
      if (drain) clearTimeout(drain);
      // Whatever a leftover process writes from now on is not part of the run, and it may not be
      // fed more input: nothing this side holds keeps this process waiting on it.
      for (const pipe of pipes) pipe.destroy();
      resolve(exit);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      // After a start, 'error' only reports a failed kill of a process that is ending anyway.
      if (child.pid !== undefined) return;
      startError = describeStartError(error, executable, options.cwd);
      done({ exitCode: null, signal: null, startError });
    });
    child.once('exit', (exitCode, signal) => {
      contained?.tracerExited();
      const exit = { exitCode: startError ? null : exitCode, signal, startError };
      child.once('close', () => done(exit));
      // Read what is already in the pipes (one more poll of the event loop after the timer: a busy
      // loop cannot make the timer fire before the data is read), then stop waiting for them.
      drain = setTimeout(() => setImmediate(() => done(exit)), PIPE_DRAIN_MS);
    });
  }).finally(() => options.signal?.removeEventListener('abort', onAbort));
  return {
    pid: child.pid ?? null,
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
    pid: null,
    records: empty(),
    stdout: empty(),
    stderr: empty(),
    kill: () => undefined,
    exited: Promise.resolve({ exitCode: null, signal: null, startError: why }),
  };
}
