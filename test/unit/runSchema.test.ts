// The one schema of the tracer's records (server/src/run/recordSchema.ts): a malformed record of
// each kind is refused with a message naming the field; everything the real tracer sends passes.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_LIMITS } from '../../server/src/run/limits';
import { buildPlan, tracerConfig } from '../../server/src/run/plan';
import { parseRecord, type TracerRecord } from '../../server/src/run/recordSchema';
import { RecordCollector } from '../../server/src/run/recordStream';
import { emptyTrace } from '../../server/src/trace/emptyTrace';
import { spawnTracer } from '../../server/src/run/spawn';
import { tracerScriptPath } from '../../server/src/run/tracerScript';
import type { FunctionRecord, Trace } from '../../server/src/trace/types';
import { supportedPythons } from '../helpers/pythons';
import { anyPython, removeScratch, scratch } from './runFixtures';

after(removeScratch);

const fn = (name: string, line: number): FunctionRecord => ({
  name, line, endLine: line + 1, calls: 1, exact: true, returns: [{ repr: '1', call: 1 }],
  callSamples: [{ call: 1, args: { x: '1' }, return: '1', returnLine: line + 1, returnOrder: 1 }],
  paths: [{ lines: [line + 1], count: 1, truncated: false }], pathsTruncated: false,
});

function validTrace(): Trace {
  return {
    ...emptyTrace('3.11.7', 'settrace', DEFAULT_LIMITS),
    status: 'ok',
    lines: { '1': { hits: 2, exact: true, samples: [{ hit: 1, values: { x: '1' } }] } },
    functions: [fn('a', 1), fn('b', 3), fn('c', 5), fn('d', 7)],
  };
}

const line = (value: unknown) => JSON.stringify(value);
const problem = (value: unknown) => parseRecord(typeof value === 'string' ? value : line(value)).problem;

describe('a record that fails the schema is refused, naming the record and the field', () => {
  test('trace', () => {
    const trace = validTrace() as unknown as { functions: Record<string, unknown>[] };
    trace.functions[3]!.calls = 'x';
    assert.equal(problem({ type: 'trace', trace }), 'The tracer sent a malformed trace record: trace.functions[3].calls: expected integer, got "x"');
  });

  test('a forged partial trace', () => {
    assert.equal(problem({ type: 'trace', trace: {} }), 'The tracer sent a malformed trace record: trace.format: expected "runlens-trace/1", got nothing');
  });

  test('snapshot', () => {
    const trace = validTrace();
    trace.lines['1']!.hits = 1.5;
    assert.equal(problem({ type: 'snapshot', trace }), 'The tracer sent a malformed snapshot record: trace.lines.1.hits: expected integer, got 1.5');
    const badKey = { ...validTrace(), lines: { first: validTrace().lines['1'] } };
    assert.match(problem({ type: 'snapshot', trace: badKey }) ?? '', /trace\.lines: key "first" is not a line number/);
  });

  test('status "error" is the run layer\'s verdict, never the tracer\'s', () => {
    assert.match(problem({ type: 'trace', trace: { ...validTrace(), status: 'error' } }) ?? '', /trace\.status: expected "ok" or .*, got "error"/);
  });

  test('start', () => {
    assert.equal(problem({ type: 'start', python: '3.11.7', backend: 'jit' }), 'The tracer sent a malformed start record: backend: expected "monitoring" or "settrace", got "jit"');
    assert.match(problem({ type: 'start', backend: 'settrace' }) ?? '', /start record: python: expected string, got nothing/);
  });

  test('output', () => {
    assert.equal(problem({ type: 'output', stream: 'stdout', text: 'hi', line: 'x' }), 'The tracer sent a malformed output record: line: expected integer, got "x"');
    assert.match(problem({ type: 'output', stream: 'stdin', text: 'hi', line: null }) ?? '', /output record: stream: expected "stdout" or "stderr", got "stdin"/);
  });

  test('a line that is not JSON, not an object, or of no known type', () => {
    assert.match(problem('{"type": "trace", "trace": {') ?? '', /^The tracer sent a line that is not JSON: /);
    assert.match(problem('[1, 2]') ?? '', /^The tracer sent a record that is not an object: \[1,2\]/);
    assert.match(problem({ type: 'progress' }) ?? '', /record of unknown type: type: expected start or output or snapshot or trace, got "progress"/);
    assert.match(problem({ trace: validTrace() }) ?? '', /type: expected .*, got nothing/);
  });
});

describe('records that pass', () => {
  test('each kind, with fields the format does not know yet', () => {
    const records: TracerRecord[] = [
      { type: 'start', python: '3.13.0', backend: 'monitoring' },
      { type: 'output', stream: 'stderr', text: 'x', line: null },
      { type: 'snapshot', trace: { ...validTrace(), status: 'killed' } },
      { type: 'trace', trace: { ...validTrace(), threadsLeftRunning: 0 } },
    ];
    for (const record of records) assert.deepEqual(parseRecord(line({ ...record, later: 1 })), { record: { ...record, later: 1 } });
  });

  test("the tracer's own failure report", () => {
    const report = { type: 'trace', trace: { format: 'runlens-trace/1', tracerErrors: ['tracer: RecursionError: maximum recursion depth exceeded'] } };
    assert.deepEqual(parseRecord(line(report)), { record: { type: 'failure', messages: ['tracer: RecursionError: maximum recursion depth exceeded'] } });
    assert.deepEqual(parseRecord(line({ ...report, pid: 7 })), { record: { type: 'failure', messages: ['tracer: RecursionError: maximum recursion depth exceeded'], pid: 7 } });
  });

  test('the pid that wrote a record, and the protection a run had, when a tracer sends them', () => {
    const sandboxed = { ...validTrace(), sandbox: { kind: 'landlock', landlockAbi: 7 } } as Trace;
    for (const record of [
      { type: 'start', python: '3.13.0', backend: 'monitoring', pid: 42 },
      { type: 'trace', trace: sandboxed, pid: 42 },
      { type: 'snapshot', trace: { ...validTrace(), sandbox: { kind: 'audit-hook', landlockAbi: null } }, pid: 42 },
    ]) assert.deepEqual(parseRecord(line(record)), { record });
    assert.match(problem({ type: 'start', python: '3.13.0', backend: 'monitoring', pid: '42' }) ?? '', /start record: pid: expected integer, got "42"/);
    assert.match(problem({ type: 'trace', trace: { ...validTrace(), sandbox: { kind: 'seccomp', landlockAbi: null } } }) ?? '',
      /trace\.sandbox\.kind: expected "landlock" or "audit-hook" or "none", got "seccomp"/);
  });
});

describe("only the tracer's own records say how the run went", () => {
  const TRACER = 4242;
  const collect = (...records: unknown[]) => {
    const collector = new RecordCollector();
    collector.tracerPid = TRACER;
    collector.push(records.map((r) => `${line(r)}\n`).join(''));
    return collector;
  };
  const start = { type: 'start', python: '3.11.7', backend: 'settrace', pid: TRACER };
  const mine = { ...validTrace(), exitCode: 1 };
  const theirs = { ...validTrace(), exitCode: 2 };

  test("a forked child's trace does not replace the tracer's, whichever comes first", () => {
    const collector = collect(start, { type: 'trace', trace: theirs, pid: 99 }, { type: 'trace', trace: mine, pid: TRACER });
    assert.equal(collector.final?.exitCode, 1);
    assert.equal(collector.foreign, 1);
  });

  test("another process's start, snapshot and failure report are ignored too; its output is the program's", () => {
    const collector = collect(
      { ...start, pid: 99 }, start,
      { type: 'snapshot', trace: theirs, pid: 99 },
      { type: 'output', stream: 'stdout', text: 'from a child', line: null, pid: 99 },
      { type: 'trace', trace: { format: 'runlens-trace/1', tracerErrors: ['forged'] }, pid: 99 },
    );
    assert.equal(collector.start?.pid, TRACER);
    assert.equal(collector.snapshot, null);
    assert.equal(collector.failure, null);
    assert.deepEqual(collector.output.map((c) => c.text), ['from a child']);
  });

  test('a trace before any start does not count', () => {
    const collector = collect({ type: 'trace', trace: theirs, pid: TRACER }, start);
    assert.equal(collector.final, null);
  });

  test('records without a pid (tracers that do not send one) are taken as the tracer\'s', () => {
    const collector = collect({ type: 'start', python: '3.11.7', backend: 'settrace' }, { type: 'trace', trace: mine });
    assert.equal(collector.final?.exitCode, 1);
  });
});

const RICH = (flag: string) => `import os, sys, time

class Box:
    """A box.

    >>> Box(1).size
    1
    """
    def __init__(self, size: int):
        self.size = size

def double(x, /, *rest, scale=2, **opts):
    """
    >>> double(2)
    4
    """
    return x * scale

def countdown(n):
    while n:
        yield n
        n -= 1

total = 0
for i in range(5):
    total += double(i)
print("total", total)
sys.stderr.write("warn\\n")
items = [Box(i) for i in range(3)]
if (n := len(items)) > 2:
    shout = lambda s: s.upper()
try:
    1 / 0
except ZeroDivisionError as e:
    caught = str(e)
steps = list(countdown(3))
while not os.path.exists(${JSON.stringify(flag)}):
    time.sleep(0.01)
raise ValueError("the end")
`;

describe('every record the real tracer sends passes', { concurrency: true }, () => {
  const pythons = supportedPythons();
  for (const python of pythons.length ? pythons : [anyPython()]) {
    test(`CPython ${python.version || python.executable}: start, output, snapshot and trace records`, async () => {
      const flag = join(scratch(), `snapshot-seen-${python.version}`);
      const entry = join(scratch(), `rich-${python.version}.py`);
      const plan = buildPlan({ entry, text: RICH(flag), python });
      const child = spawnTracer(python.executable, ['-X', 'utf8', tracerScriptPath()], {
        cwd: scratch(), env: {}, stdin: new Uint8Array(), config: new TextEncoder().encode(JSON.stringify(tracerConfig(plan))),
      });
      let pending = '';
      const lines: string[] = [];
      // The program runs until the first snapshot has arrived, then ends by itself.
      child.records.on('data', (data: Buffer) => {
        pending += data.toString('utf8');
        const complete = pending.split('\n');
        pending = complete.pop()!;
        lines.push(...complete);
        if (complete.some((l) => l.startsWith('{"type":"snapshot"')) && !existsSync(flag)) writeFileSync(flag, '');
      });
      await child.exited;
      const parsed = lines.map((l) => parseRecord(l));
      assert.deepEqual(parsed.filter((p) => p.problem).map((p) => p.problem), []);
      const types = parsed.map((p) => p.record!.type);
      assert.deepEqual([...new Set(types)], ['start', 'output', 'snapshot', 'trace']);
      const final = parsed.at(-1)!.record as Extract<TracerRecord, { type: 'trace' }>;
      assert.equal(final.trace.status, 'exception');
      assert.ok(final.trace.structure && final.trace.structure.doctests.length === 2, 'the structure was checked too');
    });
  }
});
