// Predictions and the other commands through the server, with the file's structure as the tracer
// reports it: which function a line is in, its doctest call or a call template, insertion after a
// doctest example or an expression statement, and honest answers where the last trace cannot say.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver';
import { COMMANDS } from '../../shared/commands';
import type { CallPrediction } from '../../shared/protocol';
import { callTemplate } from '../../server/src/features/targets';
import type { RunPlan } from '../../server/src/run/plan';
import type { FunctionStructure } from '../../server/src/trace/types';
import { makeTrace, structureOf } from './serverFixtures';
import { setup, URI, type Setup } from './testServer';

const SOURCE = [
  'class Shop:', //                       1
  '    def add(self, n, *, tax=0):', //   2
  '        return n + tax', //            3
  '', //                                  4
  'def f(n):', //                         5
  '    """', //                           6
  '    >>> f(3)', //                      7
  '    """', //                           8
  '    return n * 2', //                  9
  '', //                                  10
  'f(1)', //                              11
  'print(f(2),', //                       12
  "      'x')", //                        13
  'total = f(4)', //                      14
  '',
].join('\n');

const ADD: FunctionStructure = {
  name: 'Shop.add', line: 2, firstLine: 2, endLine: 3, bodyLine: 3, kind: 'function', className: 'Shop',
  params: [
    { name: 'self', kind: 'positional', hasDefault: false, annotation: null },
    { name: 'n', kind: 'positional', hasDefault: false, annotation: null },
    { name: 'tax', kind: 'keywordOnly', hasDefault: true, annotation: null },
  ],
  doctests: [],
};
const F_DOCTEST = { line: 7, endLine: 7, source: 'f(3)', want: '' };
const F: FunctionStructure = {
  name: 'f', line: 5, firstLine: 5, endLine: 9, bodyLine: 9, kind: 'function', className: null,
  params: [{ name: 'n', kind: 'positional', hasDefault: false, annotation: null }], doctests: [F_DOCTEST],
};

function scriptTrace() {
  return makeTrace({
    structure: structureOf({
      statements: [
        { line: 1, endLine: 1, kind: 'ClassDef', binds: [] },
        { line: 2, endLine: 2, kind: 'FunctionDef', binds: [] },
        { line: 3, endLine: 3, kind: 'Return', binds: [] },
        { line: 5, endLine: 5, kind: 'FunctionDef', binds: [] },
        { line: 6, endLine: 8, kind: 'Expr', binds: [] },
        { line: 9, endLine: 9, kind: 'Return', binds: [] },
        { line: 11, endLine: 11, kind: 'Expr', binds: [] },
        { line: 12, endLine: 13, kind: 'Expr', binds: [] },
        { line: 14, endLine: 14, binds: ['total'] },
      ],
      functions: [ADD, F],
      classes: [{ name: 'Shop', line: 1, firstLine: 1, endLine: 3 }],
      doctests: [F_DOCTEST],
      executableLines: [1, 2, 3, 5, 9, 11, 12, 14],
    }),
  });
}

/** Call mode answers f(n) → n * 2 with the path of f; anything else → None. */
function callTrace(plan: RunPlan) {
  const n = /^f\((\d+)\)$/.exec(plan.call ?? '')?.[1];
  const f = { name: 'f', line: 5, endLine: 9, calls: 1, exact: true, returns: [], callSamples: [], paths: [{ lines: [9], count: 1, truncated: false }], pathsTruncated: false };
  return makeTrace({ result: { repr: n ? String(Number(n) * 2) : 'None', truncated: false }, functions: [f] });
}

async function traced(options: { settings?: unknown } = {}): Promise<Setup> {
  const s = await setup(options);
  s.runner.trace = (plan) => (plan.mode === 'call' ? callTrace(plan) : scriptTrace());
  s.open(SOURCE);
  await s.server.idle();
  return s;
}

const predict = (s: Setup, line: number, call?: string) =>
  s.server.executeCommand({ command: COMMANDS.predictCall, arguments: [call === undefined ? { uri: URI, line } : { uri: URI, line, call }] }) as Promise<CallPrediction>;
const insert = (s: Setup, line: number) =>
  s.server.executeCommand({ command: COMMANDS.insertPrediction, arguments: [{ uri: URI, line }] }) as Promise<{ applied: boolean; value: string | null; message: string }>;

describe('predict output of a function', () => {
  test('a line of a function with a doctest: its example runs in call mode', async () => {
    const s = await traced();
    const result = await predict(s, 8);
    assert.deepEqual([result.target, result.function, result.call, result.returnValue, result.summary, result.path], ['function', 'f', 'f(3)', '6', 'f(3) → 6', '9']);
    const plan = s.runner.plans.at(-1)!;
    assert.equal(plan.mode, 'call');
    assert.equal(plan.call, 'f(3)');
    assert.equal(plan.guard, true, 'predictions are guarded');
    s.server.shutdown();
  });

  test('a method without a doctest: nothing runs, and the answer carries a call template', async () => {
    const s = await traced();
    const result = await predict(s, 2);
    assert.equal(result.needsCall, true);
    assert.equal(result.function, 'Shop.add');
    assert.deepEqual(result.callTemplate, { text: 'Shop().add(n)', selection: [11, 12] });
    assert.equal(s.runner.plans.length, 1, 'only the run on open');
    const given = await predict(s, 2, 'f(5)');
    assert.equal(given.returnValue, '10');
    s.server.shutdown();
  });

  test('module level: the answer says so (the client predicts the file instead)', async () => {
    const s = await traced();
    const result = await predict(s, 10);
    assert.deepEqual([result.target, result.needsCall, result.call, result.status], ['module', false, '', null]);
    assert.match(result.summary, /not inside a function/);
    s.server.shutdown();
  });

  test('no structure for the line (never ran, changed since): no guessing', async () => {
    const manual = await setup({ settings: { runOn: 'manual' } });
    manual.open(SOURCE);
    const never = await predict(manual, 8);
    assert.deepEqual([never.target, never.needsCall, never.call], ['unknown', false, '']);
    assert.match(never.summary, /has not run this file yet/);
    manual.server.shutdown();

    const s = await traced({ settings: { runOn: 'save' } });
    s.server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 8, character: 15 }, end: { line: 8, character: 16 } }, text: '3' }] });
    const changed = await predict(s, 8);
    assert.equal(changed.target, 'unknown');
    assert.match(changed.summary, /Line 9 changed since the last run/);
    assert.equal((await predict(s, 6)).call, 'f(3)', 'an unchanged line of the function still knows it');
    s.server.shutdown();
  });
});

describe('insert predicted output', () => {
  test('after a doctest example', async () => {
    const s = await traced();
    assert.deepEqual(await insert(s, 6), { applied: true, value: '6', message: 'Inserted → 6' });
    const edit = s.client.requests.find((r) => r.method === 'workspace/applyEdit')!.params.edit.changes[URI][0];
    assert.deepEqual(edit, { range: { start: { line: 6, character: 12 }, end: { line: 6, character: 12 } }, newText: '  # → 6' });
    s.server.shutdown();
  });

  test('after the last line of an expression statement, evaluating its text as traced', async () => {
    const s = await traced();
    const result = await insert(s, 11);
    assert.equal(result.applied, true);
    assert.equal(s.runner.plans.at(-1)!.call, "print(f(2),\n      'x')");
    const edit = s.client.requests.find((r) => r.method === 'workspace/applyEdit')!.params.edit.changes[URI][0];
    assert.equal(edit.range.start.line, 12);
    s.server.shutdown();
  });

  test('not on an assignment, a docstring, or a line that changed', async () => {
    const s = await traced({ settings: { runOn: 'save' } });
    assert.deepEqual(await insert(s, 13), { applied: false, value: null, message: 'Not a doctest example or an expression statement' });
    assert.equal((await insert(s, 5)).applied, false);
    s.server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 10, character: 2 }, end: { line: 10, character: 3 } }, text: '7' }] });
    assert.match((await insert(s, 10)).message, /changed since the last run/);
    assert.equal(s.runner.plans.length, 1, 'nothing ran');
    s.server.shutdown();
  });
});

describe('other commands', () => {
  test('output, trace and the whole file\'s prediction come from the latest trace', async () => {
    const s = await traced();
    s.runner.trace = () => makeTrace({ stdout: 'hi\n', output: [{ stream: 'stdout', text: 'hi\n', line: 11 }] });
    await s.server.executeCommand({ command: COMMANDS.runNow, arguments: [{ uri: URI }] });
    await s.server.idle();
    assert.equal(await s.server.executeCommand({ command: COMMANDS.showOutput, arguments: [{ uri: URI }] }), 'hi\n');
    assert.match(String(await s.server.executeCommand({ command: COMMANDS.showTrace, arguments: [{ uri: URI }] })), /^# loops.py · 0 steps/);
    const file = (await s.server.executeCommand({ command: COMMANDS.predictFile, arguments: [{ uri: URI }] })) as { output: string; version: number };
    assert.deepEqual([file.output, file.version], ['hi\n', 1]);
    s.server.shutdown();
  });

  test('arguments are checked: a bad one is an InvalidParams error saying what was expected', async () => {
    const s = await traced();
    const failure = async (command: string, args?: unknown[]) => {
      const error = await s.server.executeCommand({ command, ...(args ? { arguments: args } : {}) }).then(() => null, (e: unknown) => e);
      assert.ok(error instanceof ResponseError, `${command} ${JSON.stringify(args)} should fail`);
      return error;
    };
    assert.match((await failure(COMMANDS.predictCall, [{ uri: URI }])).message, /`line` must be a 0-based line number/);
    assert.match((await failure(COMMANDS.predictCall, [{ uri: URI, line: 2, call: 42 }])).message, /`call` must be a string/);
    assert.match((await failure(COMMANDS.runNow)).message, /takes one argument object/);
    assert.match((await failure(COMMANDS.showOutput, ['file:///x.py'])).message, /takes one argument object, got string/);
    assert.match((await failure('runlens.bogus', [])).message, /Unknown command runlens\.bogus/);
    assert.equal((await failure(COMMANDS.insertPrediction, [{ uri: URI, line: -1 }])).code, -32602);
    s.server.shutdown();
  });
});

test('call templates: parameters without self, defaults, *args or **kwargs; keyword-only by name', () => {
  const fn = (over: Partial<FunctionStructure>): FunctionStructure => ({ ...F, doctests: [], ...over });
  const p = (name: string, kind: FunctionStructure['params'][number]['kind'] = 'positional', hasDefault = false) => ({ name, kind, hasDefault, annotation: null });
  assert.deepEqual(callTemplate(fn({ name: 'area', params: [p('r'), p('precise', 'keywordOnly', true)] })), { text: 'area(r)', selection: [5, 6] });
  assert.equal(callTemplate(fn({ name: 'Shop.total', className: 'Shop', params: [p('self'), p('prices'), p('tax', 'positional', true)] })).text, 'Shop().total(prices)');
  assert.equal(callTemplate(fn({ name: 'Shop.make', className: 'Shop', params: [p('cls'), p('n')] })).text, 'Shop.make(n)');
  assert.equal(callTemplate(fn({ name: 'Shop.helper', className: 'Shop', params: [p('x')] })).text, 'Shop.helper(x)');
  assert.equal(callTemplate(fn({ name: 'A.B.m', className: 'A.B', params: [p('self')] })).text, 'A.B().m()');
  assert.equal(callTemplate(fn({ name: 'g', params: [p('a'), p('args', 'varargs'), p('key', 'keywordOnly'), p('kw', 'varkw')] })).text, 'g(a, key=key)');
});

test('a prediction waiting in the queue when runs are paused answers "Cancelled"', async () => {
  const s = await traced();
  s.runner.hold = true;
  s.open('x = 1\n', 'file:///tmp/runlens-unit/a.py');
  s.open('y = 1\n', 'file:///tmp/runlens-unit/b.py');
  await s.until(() => s.runner.waiting === 2, 'two runs take both places');
  const waiting = predict(s, 8);
  await s.server.executeCommand({ command: COMMANDS.pause });
  const result = await waiting;
  assert.deepEqual([result.status, result.summary], [null, 'Cancelled']);
  s.server.shutdown();
});
