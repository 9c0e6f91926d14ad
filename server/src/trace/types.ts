// The trace format, runlens-trace/1: the one TypeScript definition of what the tracer records.
// docs/trace-format.md documents it and test/tracer/format.test.ts checks real tracer output
// against it. Line numbers are 1-based lines of the traced source.

export const TRACE_FORMAT = 'runlens-trace/1';

export type RunStatus = 'ok' | 'exception' | 'exit' | 'timeout' | 'memory' | 'syntax-error' | 'killed';

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
  /** Statements that bind names, with the lines they span (hints go at the end of `endLine`). */
  statements: StatementInfo[];
  /** Lines that carry code (from the compiled code objects): a line among them without hits never ran. */
  executableLines: number[];
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
}

export interface Sample {
  /** Which execution of the line (1-based). */
  hit: number;
  /** Name (or receiver expression such as `self.total`) → safe rendering of its value. */
  values: Record<string, string>;
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

export interface StatementInfo {
  line: number;
  endLine: number;
  /** Names (or receiver expressions) whose values this statement shows. */
  names: string[];
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
