// The trace format, runlens-trace/1: the one TypeScript definition of what the tracer records.
// docs/trace-format.md documents it and test/tracer/format.test.ts checks real tracer output
// against it. Line numbers are 1-based lines of the traced source.

import type { RunStatus } from '../../../shared/runStatus';
import type { SandboxInfo } from '../../../shared/sandbox';

export type { RunStatus, SandboxInfo };

export const TRACE_FORMAT = 'runlens-trace/1';

/** Which limit stopped a run early (set whenever status is timeout, memory or killed by a limit). */
export type LimitName = 'time' | 'memory' | 'output' | 'trace' | 'cancelled';

export interface Trace {
  format: typeof TRACE_FORMAT;
  /** Version of the Python that ran the program, e.g. "3.11.7". */
  python: string;
  /** "monitoring" (sys.monitoring, 3.12+) or "settrace". */
  backend: 'monitoring' | 'settrace';
  status: RunStatus;
  /** Wall time of the user's program (excluding interpreter start-up), in milliseconds. */
  durationMs: number;
  /** Exit code for status "exit" (sys.exit / os._exit); null otherwise. */
  exitCode: number | null;
  /** Set when status is "error": why the run could not be traced. */
  failure?: RunFailure | null;
  /** Set by the run layer when the Python process was killed by a signal it did not send (status "killed"). */
  crash?: CrashInfo | null;
  /** Set when a limit stopped the run: which one, and a sentence saying so. */
  stoppedBy: { limit: LimitName; message: string; line: number | null } | null;
  stdout: string;
  stderr: string;
  /** Output in the order it was written, each chunk tagged with the line that wrote it (null: not from the traced file). */
  output: OutputChunk[];
  /** True when stdout/stderr were cut at the output limit. */
  outputTruncated: boolean;
  /** Call mode: the program's own repr() of the return value. */
  result: { repr: string; truncated: boolean } | null;
  exception: TracedException | null;
  syntaxError: { message: string; line: number; column: number } | null;
  /** Keyed by line number as a decimal string. */
  lines: Record<string, LineRecord>;
  path: { lines: number[]; truncated: boolean };
  functions: FunctionRecord[];
  /** Loops of the traced file, with their iteration counts. */
  loops: LoopRecord[];
  /** The file's static structure, from the tracer's own parse; null when the file does not parse. */
  structure: Structure | null;
  /** The run was guarded: destructive side effects raised PermissionError instead of happening. */
  guarded: boolean;
  /** What the guard stopped (at most 20), in order. */
  blocked: BlockedOperation[];
  /** True when the global event budget ran out and tracing was switched off (counts are lower bounds). */
  tracingStopped: boolean;
  limits: TraceLimits;
  /** Problems inside the tracer itself (the run went on; what they affected may be missing). */
  tracerErrors: string[];
  /** Non-daemon threads still running when the program ended (they were not waited for). */
  threadsLeftRunning?: number;
  /** Files of the workspace (absolute paths, the entry excluded) the run imported: a change to one re-runs the document. */
  imports?: string[];
  /** What the program read from standard input, as a terminal session: each prompt with the answer given, and where it waited for input that was not there. */
  input?: InputRecord;
  /** After a syntax error, what could still run: the top-level statements before the broken one (lines up to `lastLine`), with the functions whose bodies did not parse replaced by stubs. */
  salvaged?: { lastLine: number; stubbed: string[] };
  /** Which protection the run had (sent by tracers that know it; absent from older ones). */
  sandbox?: SandboxInfo;
}


export interface BlockedOperation {
  /** What it would have done, in the user's words: "delete a file". */
  what: string;
  /** The operation and its target: "os.remove 'data.csv'". */
  detail: string;
  line: number | null;
}

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
  line: number | null;
}

export interface TracedException {
  type: string;
  message: string;
  /** The line in the traced file where it was raised (innermost traced frame); null if outside. */
  line: number | null;
  /** Frames in the traced file, outermost first. */
  frames: { line: number; function: string }[];
  /** The full formatted traceback, as Python prints it. */
  traceback: string;
}

export interface LineRecord {
  hits: number;
  /** False when the count is a lower bound (tracing of the line stopped early). */
  exact: boolean;
  /** Samples of the first K executions and the last K recorded ones, in execution order. */
  samples: Sample[];
  /** Values read when the line's frame ended after tracing of the line had stopped early. */
  final?: Record<string, string>;
  /**
   * Executions of the statement that starts on this line, each counted once in its own frame: a
   * comprehension's or generator expression's own line events never count (`hits` keeps CPython's
   * line-event count for conformance). What hints and hovers show as "×N".
   */
  executions?: number;
  /** The full rendering (pretty-printed, far past `maxReprLength`, within a per-trace budget) of values of the last recorded execution that `samples` show cut. */
  full?: Record<string, string>;
  /** What a `yield` on this line yielded: the first K and last K values, in order. */
  yields?: { hit: number; value: string }[];
}

export interface Sample {
  /** Which execution of the line (1-based). */
  hit: number;
  /** Name (or target expression such as `self.total`, `row["units"]`) → safe rendering of its value. */
  values: Record<string, string>;
  /** Per name: its type name and size (items of a container, characters of a string, bytes), for `dict · 50 items`. */
  meta?: Record<string, ValueMeta>;
  /** An expression statement's value (a call's result) when it is not None. */
  result?: string;
}

export interface ValueMeta {
  type: string;
  len?: number;
}

/** Every function defined in the traced file appears, called or not (calls: 0). */
export interface FunctionRecord {
  name: string;
  /** The `def` line (not the first decorator line). */
  line: number;
  endLine: number;
  calls: number;
  exact: boolean;
  /** Return values of the recorded calls (first and last ones), in call order. */
  returns: { repr: string; call: number }[];
  /** The recorded calls (first and last ones): arguments and outcome. */
  callSamples: CallSample[];
  /** Distinct executed paths (line sequences inside the function) with how many calls took each. */
  paths: { lines: number[]; count: number; truncated: boolean }[];
  /** True when more distinct paths occurred than were kept. */
  pathsTruncated: boolean;
}

export interface CallSample {
  call: number;
  args: Record<string, string>;
  return?: string;
  /** Line of the `return` (or last line) the call left from. */
  returnLine?: number | null;
  /** When the call ended, among all recorded calls of the run (1 = first to end): a recursive
   * function's outermost call has call number 1 but ends last. */
  returnOrder?: number;
  exception?: { type: string; message: string };
}

export interface LoopRecord {
  kind: 'for' | 'while';
  line: number;
  endLine: number;
  /** Total iterations over all entries of the loop. */
  iterations: number;
  exact: boolean;
}

/** A process killed by a signal: "Crashed: segmentation fault (SIGSEGV)" at a line, when one is known. */
export interface CrashInfo {
  /** "SIGSEGV", "SIGKILL", … */
  signal: string;
  /** The signal in plain words, without the line: "Crashed: segmentation fault (SIGSEGV)". */
  message: string;
  /** Where: the innermost frame in the traced file of a faulthandler dump, else the last line the last snapshot saw run. */
  line: number | null;
  /** True for a faulthandler frame (it crashed at that line); false for a snapshot's line (it crashed after it). */
  lineIsExact: boolean;
}

/**
 * Why a run has status "error". python-too-old: the interpreter is older than 3.8; start: the
 * interpreter could not be started; record: the tracer sent a record that failed the schema (or
 * none at all); tracer: the tracer reported its own failure.
 */
export interface RunFailure {
  kind: 'python-too-old' | 'start' | 'record' | 'tracer';
  message: string;
}

/**
 * What features need to know about the file's Python structure, so that no TypeScript code
 * parses Python text. Lines are 1-based lines of the traced source.
 */
export interface Structure {
  /** Every statement, in source order; a compound statement appears once, spanning its header only. */
  statements: StatementStructure[];
  /** Every function and lambda defined in the file, in source order. */
  functions: FunctionStructure[];
  classes: ClassStructure[];
  /** Every doctest example in the file's docstrings (module, classes, functions), in source order. */
  doctests: DoctestExample[];
  /** Lines that carry code (from the compiled code objects): a line among them without hits never ran. */
  executableLines: number[];
}

export interface StatementStructure {
  line: number;
  /** Last line of the statement (of its header, for compound statements): hints go at its end. */
  endLine: number;
  /** Python's AST node type: "Assign", "AugAssign", "Expr", "For", "Return", "FunctionDef", ... */
  kind: string;
  /** Names (or receiver expressions such as `self.total`) whose values this statement shows. */
  binds: string[];
}

export interface FunctionStructure {
  /** Display name: qualified with its classes, e.g. "Inventory.add"; "<lambda>" for lambdas. */
  name: string;
  /** The `def` line (not the first decorator line). */
  line: number;
  /** First line of the definition: its first decorator, or the def line. */
  firstLine: number;
  endLine: number;
  /** First line of the body (after the docstring, when there is one). */
  bodyLine: number;
  kind: 'function' | 'generator' | 'coroutine' | 'asyncGenerator' | 'lambda';
  /** The enclosing class's display name when this is a method, else null. */
  className: string | null;
  params: ParamStructure[];
  /** Doctest examples in this function's docstring. */
  doctests: DoctestExample[];
}

export interface ParamStructure {
  name: string;
  kind: 'positionalOnly' | 'positional' | 'varargs' | 'keywordOnly' | 'varkw';
  hasDefault: boolean;
  /** The annotation's source text, when there is one. */
  annotation: string | null;
}

export interface ClassStructure {
  name: string;
  line: number;
  firstLine: number;
  endLine: number;
}

export interface DoctestExample {
  /** The `>>>` line. */
  line: number;
  /** Last line of the example's source (its `...` continuation lines). */
  endLine: number;
  /** The example's source, prompts removed (continuation lines joined with newlines). */
  source: string;
  /** The expected output as written after the example ('' when none). */
  want: string;
}

export interface TraceLimits {
  timeoutMs: number;
  memoryMb: number;
  maxOutputBytes: number;
  samples: number;
  maxLineHits: number;
  maxSampledHits: number;
  maxEvents: number;
  maxPathLength: number;
  maxReprLength: number;
}

export interface InputRecord {
  reads: { prompt: string; answer: string; line: number | null }[];
  /** The program asked for input (`input()`, `sys.stdin.readline()`) at end of input: the line and its prompt. */
  waiting: { line: number | null; prompt: string } | null;
}
