import type { Readable } from 'node:stream';

/** How a spawned tracer process ended. */
export interface TracerExit {
  exitCode: number | null;
  signal: string | null;
  /** Set when the process could not be started at all (e.g. the interpreter vanished). */
  startError: string | null;
}

export interface TracerProcess {
  /** The tracer's records channel (its fd 3). */
  records: Readable;
  stdout: Readable;
  stderr: Readable;
  kill(): void;
  exited: Promise<TracerExit>;
}

export interface SpawnOptions {
  cwd: string;
  env: Record<string, string>;
  /** The program's stdin; null: none (end of file at once). */
  stdin: Uint8Array | null;
  /** The run's configuration, written to the tracer's fd 4. */
  config: Uint8Array;
  signal?: AbortSignal;
}

/** Starts the tracer: the language server uses execa; the CLI, where start-up time is the product, plain node:child_process. */
export type SpawnTracer = (executable: string, args: string[], options: SpawnOptions) => TracerProcess;
