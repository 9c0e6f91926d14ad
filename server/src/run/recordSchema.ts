// The one schema of what the tracer sends on fd 3 (docs/trace-format.md, "The channel"): every
// record is checked against it before anything else reads it, and the tracer tests check real
// output with it. Hand-written: a few combinators cost less bundle and start-up than a library
// (see the CHANGELOG), and say exactly which field was wrong: `trace.functions[3].calls: expected
// integer, got "x"`. Each check is typed, so `Check<Trace>` below fails to compile when the schema
// lets through anything server/src/trace/types.ts does not allow.
import type { OutputChunk, Trace } from '../trace/types';

/**
 * One record the tracer writes on its channel, one JSON object per line. `pid` is the process that
 * wrote it (`os.getpid()` when writing): a process the program forked inherits fd 3, and only the
 * tracer's own `start`, `snapshot` and `trace` records count (recordStream.ts). Optional until
 * every tracer sends it.
 */
export type TracerRecord =
  | { type: 'start'; python: string; backend: Trace['backend']; pid?: number }
  | ({ type: 'output'; pid?: number } & OutputChunk)
  | { type: 'snapshot'; trace: Trace; pid?: number }
  | { type: 'trace'; trace: Trace; pid?: number }
  /** The tracer's report of its own failure: a `trace` record with only `format` and `tracerErrors`. */
  | { type: 'failure'; messages: string[]; pid?: number };

/** The first problem with `value` (null when it passes); `T` is the type a passing value has. */
export interface Check<T> {
  (value: unknown, path: string): string | null;
  /** Never set: carries the checked type for the compiler. */
  readonly checks?: T;
}
type Checked<C> = C extends Check<infer T> ? T : never;

const fail = (path: string, what: string, value: unknown) => `${path || 'record'}: expected ${what}, got ${shown(value)}`;
const shown = (value: unknown) => (value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value)).slice(0, 80));
const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check<string> = (v, p) => (typeof v === 'string' ? null : fail(p, 'string', v));
const num: Check<number> = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : fail(p, 'number', v));
const int: Check<number> = (v, p) => (Number.isInteger(v) ? null : fail(p, 'integer', v));
const bool: Check<boolean> = (v, p) => (typeof v === 'boolean' ? null : fail(p, 'boolean', v));
const oneOf = <T extends string>(...options: T[]): Check<T> => (v, p) =>
  options.includes(v as T) ? null : fail(p, options.map((o) => JSON.stringify(o)).join(' or '), v);
const nullable = <T>(check: Check<T>): Check<T | null> => (v, p) => (v === null ? null : check(v, p));
const optional = <T>(check: Check<T>): Check<T | undefined> => (v, p) => (v === undefined ? null : check(v, p));

function array<T>(check: Check<T>): Check<T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'array', v);
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i], `${p}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
}

/** An object with any keys (`keys` checks each key), every value passing `check`. */
function record<T>(check: Check<T>, keys?: { test(key: string): boolean; what: string }): Check<Record<string, T>> {
  return (v, p) => {
    if (!isObject(v)) return fail(p, 'object', v);
    for (const key in v) {
      if (keys && !keys.test(key)) return `${p}: key ${JSON.stringify(key)} is not ${keys.what}`;
      const problem = check(v[key], at(p, key));
      if (problem) return problem;
    }
    return null;
  };
}

/** An object with these fields (others are allowed: the format may add fields). */
function object<F extends Record<string, Check<unknown>>>(fields: F): Check<{ [K in keyof F]: Checked<F[K]> }> {
  const entries = Object.entries(fields);
  return (v, p) => {
    if (!isObject(v)) return fail(p, 'object', v);
    for (const [key, check] of entries) {
      const problem = check(v[key], at(p, key));
      if (problem) return problem;
    }
    return null;
  };
}

const LINE_NUMBER = { test: (key: string) => /^[1-9]\d*$/.test(key), what: 'a line number' };
const sample = object({
  hit: int, values: record(str),
  meta: optional(record(object({ type: str, len: optional(int) }))),
  result: optional(str),
});
const doctest = object({ line: int, endLine: int, source: str, want: str });
const outputChunk = object({ stream: oneOf('stdout', 'stderr'), text: str, line: nullable(int) });

/** A whole trace as the tracer sends it (in `snapshot` and `trace` records). */
export const traceSchema: Check<Trace> = object({
  format: oneOf('runlens-trace/1'),
  python: str,
  backend: oneOf('monitoring', 'settrace'),
  // `error` is the run layer's verdict, never the tracer's.
  status: oneOf('ok', 'exception', 'exit', 'timeout', 'memory', 'syntax-error', 'killed'),
  durationMs: num,
  exitCode: nullable(int),
  stoppedBy: nullable(object({ limit: oneOf('time', 'memory', 'output', 'trace', 'cancelled'), message: str, line: nullable(int) })),
  stdout: str,
  stderr: str,
  output: array(outputChunk),
  outputTruncated: bool,
  result: nullable(object({ repr: str, truncated: bool })),
  exception: nullable(object({
    type: str, message: str, line: nullable(int), traceback: str,
    frames: array(object({ line: int, function: str })),
  })),
  syntaxError: nullable(object({ message: str, line: int, column: int })),
  lines: record(object({
    hits: int, exact: bool, samples: array(sample), final: optional(record(str)),
    executions: optional(int), full: optional(record(str)), yields: optional(array(object({ hit: int, value: str }))),
  }), LINE_NUMBER),
  path: object({ lines: array(int), truncated: bool }),
  functions: array(object({
    name: str, line: int, endLine: int, calls: int, exact: bool,
    returns: array(object({ repr: str, call: int })),
    callSamples: array(object({
      call: int, args: record(str), return: optional(str), returnLine: optional(nullable(int)), returnOrder: optional(int),
      exception: optional(object({ type: str, message: str })),
    })),
    paths: array(object({ lines: array(int), count: int, truncated: bool })),
    pathsTruncated: bool,
  })),
  loops: array(object({ kind: oneOf('for', 'while'), line: int, endLine: int, iterations: int, exact: bool })),
  structure: nullable(object({
    statements: array(object({ line: int, endLine: int, kind: str, binds: array(str) })),
    functions: array(object({
      name: str, line: int, firstLine: int, endLine: int, bodyLine: int,
      kind: oneOf('function', 'generator', 'coroutine', 'asyncGenerator', 'lambda'), className: nullable(str),
      params: array(object({ name: str, kind: oneOf('positionalOnly', 'positional', 'varargs', 'keywordOnly', 'varkw'), hasDefault: bool, annotation: nullable(str) })),
      doctests: array(doctest),
    })),
    classes: array(object({ name: str, line: int, firstLine: int, endLine: int })),
    doctests: array(doctest),
    executableLines: array(int),
  })),
  guarded: bool,
  blocked: array(object({ what: str, detail: str, line: nullable(int) })),
  tracingStopped: bool,
  limits: object({
    timeoutMs: num, memoryMb: num, maxOutputBytes: num, samples: num, maxLineHits: num, maxSampledHits: num,
    maxEvents: num, maxPathLength: num, maxReprLength: num,
  }),
  tracerErrors: array(str),
  threadsLeftRunning: optional(int),
  imports: optional(array(str)),
  input: optional(object({
    reads: array(object({ prompt: str, answer: str, line: nullable(int) })),
    waiting: nullable(object({ line: nullable(int), prompt: str })),
  })),
  salvaged: optional(object({ lastLine: int, stubbed: array(str) })),
  sandbox: optional(object({ kind: oneOf('landlock', 'audit-hook', 'none'), landlockAbi: nullable(int) })),
});

const pid = optional(int);
const startSchema: Check<Extract<TracerRecord, { type: 'start' }>> = object({ type: oneOf('start'), python: str, backend: oneOf('monitoring', 'settrace'), pid });
const outputSchema: Check<Extract<TracerRecord, { type: 'output' }>> = object({ type: oneOf('output'), stream: oneOf('stdout', 'stderr'), text: str, line: nullable(int), pid });
const snapshotSchema: Check<Extract<TracerRecord, { type: 'snapshot' }>> = object({ type: oneOf('snapshot'), trace: traceSchema, pid });
const traceRecordSchema: Check<Extract<TracerRecord, { type: 'trace' }>> = object({ type: oneOf('trace'), trace: traceSchema, pid });
const failureReportSchema = object({ format: oneOf('runlens-trace/1'), tracerErrors: array(str) });

const RECORD_TYPES = { start: startSchema, output: outputSchema, snapshot: snapshotSchema, trace: traceRecordSchema };

export type ParsedRecord = { record: TracerRecord; problem?: undefined } | { record?: undefined; problem: string };

/** One line of the channel, checked: the record, or what is wrong with it (naming the record and the field). */
export function parseRecord(line: string): ParsedRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: `The tracer sent a line that is not JSON: ${shown(line)}` };
  }
  if (!isObject(value)) return { problem: `The tracer sent a record that is not an object: ${shown(value)}` };
  const type = value.type;
  if (typeof type !== 'string' || !Object.hasOwn(RECORD_TYPES, type)) {
    return { problem: `The tracer sent a record of unknown type: ${fail('type', Object.keys(RECORD_TYPES).join(' or '), type)}` };
  }
  const report = failureReport(value);
  if (report) return { record: report };
  const problem = RECORD_TYPES[type as keyof typeof RECORD_TYPES](value, '');
  if (problem) return { problem: `The tracer sent a malformed ${type} record: ${problem}` };
  return { record: value as TracerRecord };
}

/** `{"type":"trace","trace":{"format":…,"tracerErrors":[…]}}` with no status: the tracer failed before it could trace anything. */
function failureReport(value: Record<string, unknown>): TracerRecord | null {
  const trace = value.trace;
  if (value.type !== 'trace' || !isObject(trace) || 'status' in trace || !Array.isArray(trace.tracerErrors)) return null;
  if (trace.tracerErrors.length === 0 || failureReportSchema(trace, 'trace') !== null) return null;
  return { type: 'failure', messages: trace.tracerErrors as string[], ...(Number.isInteger(value.pid) ? { pid: value.pid as number } : {}) };
}

/** What is wrong with a trace document (null when it has the documented shape). */
export function traceProblem(value: unknown): string | null {
  return traceSchema(value, 'trace');
}
