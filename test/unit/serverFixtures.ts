// Canned traces for the server's unit tests (no Python involved).
import { DEFAULT_SETTINGS, resolveSettings, type RunlensSettings } from '../../shared/settings';
import { resolveLimits } from '../../server/src/run/limits';
import { traceLimits } from '../../server/src/scheduling/plans';
import { failedTrace } from '../../server/src/trace/emptyTrace';
import { LineMap, splitLines } from '../../server/src/trace/lineMap';
import { TraceIndex } from '../../server/src/trace/traceIndex';
import type { StatementStructure, Structure, Trace } from '../../server/src/trace/types';
import type { TraceView } from '../../server/src/features/traceView';

/** A trace with nothing recorded (status ok, 42 ms) and the default limits, with `partial` over it. */
export function makeTrace(partial: Partial<Trace> = {}): Trace {
  const empty = failedTrace('3.11.7', resolveLimits(traceLimits(DEFAULT_SETTINGS)), { kind: 'tracer', message: '' });
  return { ...empty, status: 'ok', failure: null, durationMs: 42, ...partial };
}

/** A structure for canned traces: statements default to kind "Assign". */
export function structureOf(parts: { statements?: (Omit<StatementStructure, 'kind'> & { kind?: string })[]; executableLines?: number[] } & Partial<Omit<Structure, 'statements' | 'executableLines'>>): Structure {
  return {
    functions: [],
    classes: [],
    doctests: [],
    ...parts,
    statements: (parts.statements ?? []).map((st) => ({ kind: 'Assign', ...st })),
    executableLines: parts.executableLines ?? [],
  };
}

export const LOOPS_SOURCE = 'total = 0\nfor i in range(10):\n    total += i\nprint(total)\n';

/** What the tracer records for LOOPS_SOURCE (samples = 3). */
export function loopsTrace(): Trace {
  const totals = [0, 1, 3, 6, 10, 15, 21, 28, 36, 45];
  const hit = (h: number, values: Record<string, string>) => ({ hit: h, values });
  const path = [1];
  for (let i = 0; i < 10; i++) path.push(2, 3);
  path.push(2, 4);
  return makeTrace({
    stdout: '45\n',
    output: [{ stream: 'stdout', text: '45\n', line: 4 }],
    lines: {
      '1': { hits: 1, exact: true, samples: [hit(1, { total: '0' })] },
      '2': { hits: 11, exact: true, samples: [hit(1, { i: '0' }), hit(2, { i: '1' }), hit(3, { i: '2' }), hit(8, { i: '7' }), hit(9, { i: '8' }), hit(10, { i: '9' })] },
      '3': { hits: 10, exact: true, samples: [1, 2, 3, 8, 9, 10].map((h) => hit(h, { total: String(totals[h - 1]) })) },
      '4': { hits: 1, exact: true, samples: [hit(1, {})] },
    },
    path: { lines: path, truncated: false },
    loops: [{ kind: 'for', line: 2, endLine: 3, iterations: 10, exact: true }],
    structure: structureOf({
      executableLines: [1, 2, 3, 4],
      statements: [
        { line: 1, endLine: 1, binds: ['total'] },
        { line: 2, endLine: 2, kind: 'For', binds: ['i'] },
        { line: 3, endLine: 3, kind: 'AugAssign', binds: ['total'] },
      ],
    }),
  });
}

export const FUNCS_SOURCE = [
  'def f(n):', //          1
  '    """', //            2
  '    >>> f(3)', //       3
  '    """', //            4
  '    if n > 1:', //      5
  '        return [n]', // 6
  '    return n * 2', //   7
  '', //                   8
  'def g():', //           9
  '    pass', //          10
  '', //                  11
  'f(1)', //              12
  'f(2)', //              13
  'x = f(3)', //          14
  '1 / 0', //             15
  '',
].join('\n');

const F_DOCTEST = { line: 3, endLine: 3, source: 'f(3)', want: '' };

export function funcsTrace(): Trace {
  return makeTrace({
    status: 'exception',
    lines: {
      '1': { hits: 1, exact: true, samples: [{ hit: 1, values: {} }] },
      '5': { hits: 3, exact: true, samples: [{ hit: 1, values: {} }, { hit: 2, values: {} }, { hit: 3, values: {} }] },
      '6': { hits: 2, exact: true, samples: [{ hit: 1, values: {} }, { hit: 2, values: {} }] },
      '7': { hits: 1, exact: true, samples: [{ hit: 1, values: {} }] },
      '12': { hits: 1, exact: true, samples: [{ hit: 1, values: {} }] },
      '13': { hits: 1, exact: true, samples: [{ hit: 1, values: {} }] },
      '14': { hits: 1, exact: true, samples: [{ hit: 1, values: { x: '[3]' } }] },
      '15': { hits: 1, exact: true, samples: [{ hit: 1, values: {} }] },
    },
    functions: [
      {
        name: 'f', line: 1, endLine: 7, calls: 3, exact: true,
        returns: [{ repr: '2', call: 1 }, { repr: '[2]', call: 2 }, { repr: '[3]', call: 3 }],
        callSamples: [
          { call: 1, args: { n: '1' }, return: '2', returnLine: 7 },
          { call: 2, args: { n: '2' }, return: '[2]', returnLine: 6 },
          { call: 3, args: { n: '3' }, return: '[3]', returnLine: 6 },
        ],
        paths: [{ lines: [5, 7], count: 1, truncated: false }, { lines: [5, 6], count: 2, truncated: false }],
        pathsTruncated: false,
      },
      { name: 'g', line: 9, endLine: 10, calls: 0, exact: true, returns: [], callSamples: [], paths: [], pathsTruncated: false },
    ],
    structure: structureOf({
      statements: [
        { line: 1, endLine: 1, kind: 'FunctionDef', binds: [] },
        { line: 2, endLine: 4, kind: 'Expr', binds: [] },
        { line: 5, endLine: 5, kind: 'If', binds: [] },
        { line: 6, endLine: 6, kind: 'Return', binds: [] },
        { line: 7, endLine: 7, kind: 'Return', binds: [] },
        { line: 9, endLine: 9, kind: 'FunctionDef', binds: [] },
        { line: 10, endLine: 10, kind: 'Pass', binds: [] },
        { line: 12, endLine: 12, kind: 'Expr', binds: [] },
        { line: 13, endLine: 13, kind: 'Expr', binds: [] },
        { line: 14, endLine: 14, binds: ['x'] },
        { line: 15, endLine: 15, kind: 'Expr', binds: [] },
      ],
      functions: [
        {
          name: 'f', line: 1, firstLine: 1, endLine: 7, bodyLine: 5, kind: 'function', className: null,
          params: [{ name: 'n', kind: 'positional', hasDefault: false, annotation: null }],
          doctests: [F_DOCTEST],
        },
        { name: 'g', line: 9, firstLine: 9, endLine: 10, bodyLine: 10, kind: 'function', className: null, params: [], doctests: [] },
      ],
      doctests: [F_DOCTEST],
      executableLines: [1, 5, 6, 7, 9, 10, 12, 13, 14, 15],
    }),
    exception: {
      type: 'ZeroDivisionError', message: 'division by zero', line: 15, frames: [{ line: 15, function: '<module>' }],
      traceback: 'Traceback (most recent call last):\n  File "x.py", line 15, in <module>\nZeroDivisionError: division by zero\n',
    },
    stderr: 'Traceback (most recent call last):\n  File "x.py", line 15, in <module>\nZeroDivisionError: division by zero\n',
    output: [{ stream: 'stderr', text: 'Traceback (most recent call last):\n  File "x.py", line 15, in <module>\nZeroDivisionError: division by zero\n', line: null }],
    path: { lines: [1, 9, 12, 5, 7, 13, 5, 6, 14, 5, 6, 15], truncated: false },
  });
}

export function viewOf(trace: Trace, source: string, settings: Partial<RunlensSettings> = {}): TraceView {
  const lines = splitLines(source);
  return {
    uri: 'file:///tmp/x.py',
    index: new TraceIndex(trace, source, 1),
    map: new LineMap(lines),
    settings: { ...resolveSettings(undefined), ...settings },
    currentLines: lines,
  };
}
