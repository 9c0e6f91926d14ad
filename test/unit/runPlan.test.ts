// Plans and how runs end: limits come from the one table and are clamped into their bounds; a
// run ends as a trace whatever happens (a forged or malformed record, a tracer that fails or says
// nothing, an interpreter that cannot start or is too old, a cancellation).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { HARD_KILL_GRACE_MS, TRACER_CAPS, USER_LIMITS } from '../../shared/limits';
import type { PythonInterpreter } from '../../server/src/run/interpreter';
import { DEFAULT_LIMITS } from '../../server/src/run/limits';
import { buildPlan, tracerConfig, type PlanInput, type RunPlan } from '../../server/src/run/plan';
import { emptyTrace } from '../../server/src/trace/emptyTrace';
import { runPlan } from '../../server/src/run/runPlan';
import type { Trace } from '../../server/src/trace/types';
import { anyPython, oldPython, removeScratch, scratch, withFakeTracer } from './runFixtures';

const python = anyPython();
after(removeScratch);
const ENTRY = join(scratch(), 'program.py');
const plan = (text: string, input: Partial<PlanInput> = {}): RunPlan => buildPlan({ entry: ENTRY, text, python, ...input });

describe('building a plan', () => {
  test('limits nobody set come from the one table in shared/limits.ts', () => {
    const expected = {
      timeoutMs: USER_LIMITS.timeoutMs.default,
      memoryMb: USER_LIMITS.memoryMb.default,
      maxOutputBytes: USER_LIMITS.maxOutputKb.default * 1024,
      samples: USER_LIMITS.samples.default,
      ...TRACER_CAPS,
    };
    assert.deepEqual(plan('x = 1\n').limits, expected);
    assert.deepEqual(DEFAULT_LIMITS, expected);
  });

  test('every limit a user sets is clamped into its bounds; nonsense takes the default', () => {
    const limits = plan('', { limits: { timeoutMs: 1e12, memoryMb: 1, maxOutputBytes: 10, samples: 1000 } }).limits;
    assert.equal(limits.timeoutMs, 600_000, 'at most 10 minutes: the hard-kill timer cannot overflow');
    assert.ok(limits.timeoutMs + HARD_KILL_GRACE_MS < 2 ** 31 - 1);
    assert.equal(limits.memoryMb, USER_LIMITS.memoryMb.min);
    assert.equal(limits.maxOutputBytes, USER_LIMITS.maxOutputKb.min * 1024);
    assert.equal(limits.samples, USER_LIMITS.samples.max);
    const nonsense = plan('', { limits: { timeoutMs: Number.NaN, samples: -3, memoryMb: Infinity } }).limits;
    assert.equal(nonsense.timeoutMs, USER_LIMITS.timeoutMs.default);
    assert.equal(nonsense.samples, USER_LIMITS.samples.min);
    assert.equal(nonsense.memoryMb, USER_LIMITS.memoryMb.default);
  });

  test('script mode by default; call mode with a call; the entry is traced and its text served', () => {
    const script = plan('x = 1\n', { call: '  ' });
    assert.equal(script.mode, 'script');
    assert.equal(script.call, null);
    assert.deepEqual(script.texts, { [ENTRY]: 'x = 1\n' });
    assert.deepEqual(script.traced, [ENTRY]);
    assert.equal(script.cwd, scratch(), "the file's folder");
    const call = plan('def f(): pass\n', { call: 'f()' });
    assert.equal(call.mode, 'call');
    assert.equal(call.call, 'f()');
  });

  test("the tracer's config carries every limit, always, even from a plan made by hand", () => {
    const handMade = { ...plan(''), limits: { timeoutMs: 700 } } as unknown as RunPlan;
    const config = tracerConfig(handMade);
    assert.deepEqual(Object.keys(config.limits).sort(), Object.keys(DEFAULT_LIMITS).sort());
    assert.equal(config.limits.timeoutMs, 700);
    assert.deepEqual(Object.keys(config).sort(), ['argv', 'call', 'cwd', 'entry', 'guard', 'limits', 'mode', 'texts', 'traced']);
  });
});

describe('how a run ends', () => {
  test('a program that forges a partial record and closes fd 3: error, naming what was wrong; its output is kept', async () => {
    const trace = await runPlan(plan('import os\nprint("hi")\nos.write(3, b\'{"type":"trace","trace":{}}\\n\')\nos.close(3)\nprint("after")\n'));
    assert.equal(trace.status, 'error');
    assert.deepEqual(trace.failure, {
      kind: 'record',
      message: 'The tracer sent a malformed trace record: trace.format: expected "runlens-trace/1", got nothing',
    });
    assert.match(trace.stdout, /^hi\n/);
  });

  test('a malformed record stops the run at once', { timeout: 20_000 }, async () => {
    const tracer = [
      'import os, time',
      'os.write(3, b\'{"type":"start","python":"3.11.7","backend":"settrace"}\\n\')',
      'os.write(3, b\'{"type":"output","stream":"stdout","text":"hi","line":"x"}\\n\')',
      'time.sleep(30)',
    ].join('\n');
    // Left alone, this tracer would run for 30 s, past the test's deadline.
    const trace = await withFakeTracer(tracer, () => runPlan(plan('', { limits: { timeoutMs: 600_000 } })));
    assert.equal(trace.status, 'error');
    assert.deepEqual(trace.failure, { kind: 'record', message: 'The tracer sent a malformed output record: line: expected integer, got "x"' });
  });

  test("the tracer's own failure report: error of kind tracer, with its message", async () => {
    const tracer = 'import os\nos.write(3, b\'{"type":"trace","trace":{"format":"runlens-trace/1","tracerErrors":["tracer: RecursionError: maximum recursion depth exceeded"]}}\\n\')\n';
    const trace = await withFakeTracer(tracer, () => runPlan(plan('x = 1\n')));
    assert.equal(trace.status, 'error');
    assert.deepEqual(trace.failure, { kind: 'tracer', message: 'The tracer failed: tracer: RecursionError: maximum recursion depth exceeded' });
  });

  test('a tracer that exits 1 without a word: error, saying how it ended', async () => {
    const trace = await withFakeTracer('import sys\nsys.stderr.write("boom\\n")\nsys.exit(1)\n', () => runPlan(plan('x = 1\n')));
    assert.equal(trace.status, 'error');
    assert.deepEqual(trace.failure, { kind: 'record', message: 'The tracer exited with code 1 without reporting anything: boom' });
    assert.equal(trace.stderr, 'boom\n', 'what it wrote is kept');
  });

  test('a process that ends after its start without a final trace keeps the last snapshot (status killed)', async () => {
    const snapshot: Trace = { ...emptyTrace('3.11.7', 'settrace', DEFAULT_LIMITS), lines: { '1': { hits: 1, exact: true, samples: [] } }, path: { lines: [1], truncated: false } };
    const tracer = [
      'import os',
      `os.write(3, ${pyBytes({ type: 'start', python: '3.11.7', backend: 'settrace' })})`,
      `os.write(3, ${pyBytes({ type: 'snapshot', trace: snapshot })})`,
      'os._exit(1)',
    ].join('\n');
    const trace = await withFakeTracer(tracer, () => runPlan(plan('x = 1\n')));
    assert.equal(trace.status, 'killed');
    assert.deepEqual(trace.lines, snapshot.lines);
    assert.match(trace.stderr, /The Python process exited with code 1 before the tracer could report/);
  });

  test('an interpreter that does not exist: error of kind start', async () => {
    const missing: PythonInterpreter = { executable: join(scratch(), 'no-such-python'), version: '3.11.7', source: 'test' };
    const trace = await runPlan(buildPlan({ entry: ENTRY, text: 'x = 1\n', python: missing }));
    assert.equal(trace.status, 'error');
    assert.equal(trace.failure?.kind, 'start');
    assert.match(trace.failure?.message ?? '', /^Could not start the tracer: .*no-such-python was not found$/);
  });

  for (const version of ['3.7', '2.7'] as const) {
    test(`Python ${version}: error of kind python-too-old`, async () => {
      const old = oldPython(version);
      const trace = await runPlan(buildPlan({ entry: ENTRY, text: 'x = 1\n', python: { executable: old, version: '', source: 'test' } }));
      assert.equal(trace.status, 'error');
      assert.equal(trace.failure?.kind, 'python-too-old');
      assert.match(trace.failure?.message ?? '', new RegExp(`Python ${version.replace('.', '\\.')}\\.\\d+ is too old \\(Runlens needs 3\\.8 or newer\\)`));
    });
  }

  test('cancelling a run kills it: killed, stopped by "cancelled", with the output so far', async () => {
    const controller = new AbortController();
    const trace = await runPlan(plan('import sys\nsys.stdout.write("ready\\n")\nwhile True:\n    pass\n', { limits: { timeoutMs: 600_000 } }), {
      signal: controller.signal,
      onOutput: () => controller.abort(),
    });
    assert.equal(trace.status, 'killed');
    assert.equal(trace.stoppedBy?.limit, 'cancelled');
    assert.equal(trace.stdout, 'ready\n');
  });

  test('a run cancelled before it started does not start', async () => {
    const controller = new AbortController();
    controller.abort();
    const trace = await runPlan(plan('print("never")\n'), { signal: controller.signal });
    assert.equal(trace.status, 'killed');
    assert.equal(trace.stoppedBy?.limit, 'cancelled');
    assert.equal(trace.stdout, '');
  });

  test('a huge time limit in a plan made by hand does not kill the run at once', async () => {
    const handMade = { ...plan('print("done")\n'), limits: { ...DEFAULT_LIMITS, timeoutMs: 1e12 } };
    const trace = await runPlan(handMade);
    assert.equal(trace.status, 'ok');
    assert.equal(trace.stdout, 'done\n');
  });
});

/** A Python `bytes` literal holding one record line. */
function pyBytes(record: unknown): string {
  return `${JSON.stringify(`${JSON.stringify(record)}\n`)}.encode()`;
}
