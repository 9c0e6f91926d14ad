// A runtime check that a trace has exactly the shape server/src/trace/types.ts declares.
type Check = (value: unknown, path: string) => string[];

const fail = (path: string, what: string, value: unknown) => [`${path}: expected ${what}, got ${JSON.stringify(value)?.slice(0, 80)}`];
const str: Check = (v, p) => (typeof v === 'string' ? [] : fail(p, 'string', v));
const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? [] : fail(p, 'number', v));
const int: Check = (v, p) => (Number.isInteger(v) ? [] : fail(p, 'integer', v));
const bool: Check = (v, p) => (typeof v === 'boolean' ? [] : fail(p, 'boolean', v));
const oneOf = (...options: unknown[]): Check => (v, p) => (options.includes(v) ? [] : fail(p, options.join('|'), v));
const nullable = (check: Check): Check => (v, p) => (v === null ? [] : check(v, p));
const optional = (check: Check): Check => (v, p) => (v === undefined ? [] : check(v, p));
const array = (check: Check): Check => (v, p) => (Array.isArray(v) ? v.flatMap((item, i) => check(item, `${p}[${i}]`)) : fail(p, 'array', v));
const record = (check: Check): Check => (v, p) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.entries(v).flatMap(([k, item]) => check(item, `${p}.${k}`)) : fail(p, 'object', v);
const object = (fields: Record<string, Check>): Check => (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(p, 'object', v);
  return Object.entries(fields).flatMap(([key, check]) => check((v as Record<string, unknown>)[key], `${p}.${key}`));
};
const lineKeyed = (check: Check): Check => (v, p) =>
  record(check)(v, p).concat(typeof v === 'object' && v ? Object.keys(v).filter((k) => !/^[1-9]\d*$/.test(k)).map((k) => `${p}: key ${k} is not a line number`) : []);

const sample = object({ hit: int, values: record(str) });
const doctest = object({ line: int, endLine: int, source: str, want: str });
const traceCheck = object({
  format: oneOf('runlens-trace/1'),
  python: str,
  backend: oneOf('monitoring', 'settrace'),
  status: oneOf('ok', 'exception', 'exit', 'timeout', 'memory', 'syntax-error', 'killed'),
  durationMs: num,
  exitCode: nullable(int),
  stoppedBy: nullable(object({ limit: oneOf('time', 'memory', 'output', 'trace', 'cancelled'), message: str, line: nullable(int) })),
  stdout: str,
  stderr: str,
  output: array(object({ stream: oneOf('stdout', 'stderr'), text: str, line: nullable(int) })),
  outputTruncated: bool,
  result: nullable(object({ repr: str, truncated: bool })),
  exception: nullable(object({
    type: str, message: str, line: nullable(int), traceback: str,
    frames: array(object({ line: int, function: str })),
  })),
  syntaxError: nullable(object({ message: str, line: int, column: int })),
  lines: lineKeyed(object({ hits: int, exact: bool, samples: array(sample), final: optional(record(str)) })),
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
});

/** Every way `value` differs from the Trace type (empty when it matches). */
export function traceShapeErrors(value: unknown): string[] {
  return traceCheck(value, 'trace');
}
