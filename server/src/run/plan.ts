// The one run model. Every run (a document typed in the editor, a prediction, the CLI) is built as
// a RunPlan first and executed by the run layer; the tracer receives its twin as its config
// (docs/trace-format.md, "Run plan"). Nothing else decides what runs.
import type { Trace, TraceLimits } from '../trace/types';
import type { PythonInterpreter } from './request';

/**
 * script: run the entry file as `__main__`.
 * call:   import the entry file as a module, then evaluate `call` (an expression) and trace it.
 * Later modes (tests, module) plug in here and in the tracer's runner.
 */
export type RunMode = 'script' | 'call';

export interface RunPlan {
  mode: RunMode;
  /** Absolute path of the file that runs: `__file__`, tracebacks and sys.path[0] come from it. */
  entry: string;
  /** mode "call": the expression to evaluate after importing the entry file, e.g. `f(1, 2)`. */
  call: string | null;
  /** Absolute paths of the files whose code is traced (today: the entry file only). */
  traced: string[];
  /** Texts to run instead of what is on disk, by absolute path (unsaved editor buffers). The entry's text is always here. */
  texts: Record<string, string>;
  cwd: string;
  /** sys.argv[1:]. */
  argv: string[];
  /** The program's standard input; empty: end of file at once. */
  stdin: string;
  /** Extra environment variables for the program. */
  env: Record<string, string>;
  limits: TraceLimits;
  /** Block destructive side effects (runs nobody asked for: started by typing, opening, saving; predictions). */
  guard: boolean;
  python: PythonInterpreter;
}

/** Runs a plan. Never rejects: whatever happens (a tracer crash, a malformed record, a failed start) ends as a Trace. */
export type RunPlanFn = (plan: RunPlan, options?: { signal?: AbortSignal; onOutput?: (chunk: Trace['output'][number]) => void }) => Promise<Trace>;
