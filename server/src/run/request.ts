import type { Trace, TraceLimits } from '../trace/types';

/** A Python interpreter resolved to its real executable (never a shim). */
export interface PythonInterpreter {
  /** The real executable (sys.executable), e.g. /root/.pyenv/versions/3.11.7/bin/python3.11. */
  executable: string;
  /** e.g. "3.11.7". */
  version: string;
  /** How it was found: the flag, setting or name that led to it. */
  source: string;
}

/** One run of a Python source text under the tracer. */
export interface RunRequest {
  /** The (possibly unsaved) source text; the file on disk is never read. */
  source: string;
  /** The file's real path: `__file__`, tracebacks and sys.path[0] come from it. */
  path: string;
  cwd: string;
  argv: string[];
  /** Text given to the program's stdin; empty means end of file at once. */
  stdin: string;
  /** Call mode: a call expression such as `f(1, 2)` evaluated after importing the file as a module. */
  call: string | null;
  python: PythonInterpreter;
  limits: Partial<TraceLimits>;
  /** Block destructive side effects (runs nobody asked for: started by typing). */
  guard?: boolean;
  /** Extra environment variables for the program. */
  env?: Record<string, string>;
  /** Called with output as the program writes it, before the run ends. */
  onOutput?: (chunk: { stream: 'stdout' | 'stderr'; text: string; line: number | null }) => void;
}

export type RunTrace = (request: RunRequest, signal?: AbortSignal) => Promise<Trace>;
