// The one run model. Every run (a document typed in the editor, a prediction, the CLI) is built as
// a RunPlan first and executed by the run layer; the tracer receives its twin as its config
// (docs/trace-format.md, "Run plan"). Nothing else decides what runs.
import { dirname } from 'node:path';
import type { OutputChunk, Trace, TraceLimits } from '../trace/types';
import type { PythonInterpreter } from './interpreter';
import { resolveLimits } from './limits';

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

export interface RunOptions {
  /** Aborting stops the run: it ends as `killed`, `stoppedBy.limit` "cancelled". */
  signal?: AbortSignal;
  /** Called with output as the program writes it, before the run ends. */
  onOutput?: (chunk: OutputChunk) => void;
}

/** Runs a plan. Never rejects: whatever happens (a tracer crash, a malformed record, a failed start) ends as a Trace. */
export type RunPlanFn = (plan: RunPlan, options?: RunOptions) => Promise<Trace>;

/** What a caller knows about a run of one file; everything else has a default. */
export interface PlanInput {
  /** Absolute path of the file. */
  entry: string;
  /** Its text (the editor's unsaved buffer, or the file as read). */
  text: string;
  /** Set: call mode, this expression evaluated after importing the file. */
  call?: string | null;
  /** Default: the file's folder. */
  cwd?: string;
  argv?: string[];
  stdin?: string;
  env?: Record<string, string>;
  /** Any of the limits; each one is clamped into its bounds, missing ones take their defaults (shared/limits.ts). */
  limits?: Partial<TraceLimits>;
  guard?: boolean;
  python: PythonInterpreter;
}

/** The plan for one file: script mode, or call mode when `call` is given. */
export function buildPlan(input: PlanInput): RunPlan {
  const call = input.call?.trim() || null;
  return {
    mode: call ? 'call' : 'script',
    entry: input.entry,
    call,
    traced: [input.entry],
    texts: { [input.entry]: input.text },
    cwd: input.cwd ?? dirname(input.entry),
    argv: [...(input.argv ?? [])],
    stdin: input.stdin ?? '',
    env: { ...input.env },
    limits: resolveLimits(input.limits),
    guard: input.guard === true,
    python: input.python,
  };
}

/** The plan's twin the tracer reads on fd 4: what to run and every limit. Stdin, env and the interpreter travel as themselves. */
export function tracerConfig(plan: RunPlan) {
  return {
    mode: plan.mode,
    entry: plan.entry,
    call: plan.mode === 'call' ? plan.call : null,
    traced: plan.traced,
    texts: plan.texts,
    cwd: plan.cwd,
    argv: plan.argv,
    guard: plan.guard,
    limits: resolveLimits(plan.limits),
  };
}
