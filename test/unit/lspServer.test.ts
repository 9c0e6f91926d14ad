// The server class with a fake client and a fake runner: scheduling, cancellation, trust, pause,
// capability checks. No Python, no sleeps: tests wait on notifications with deadlines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientCapabilities } from 'vscode-languageserver';
import { LspServer, type ClientPort } from '../../server/src/lspServer';
import type { RunOptions, RunPlan } from '../../server/src/run/plan';
import type { Trace } from '../../server/src/trace/types';
import { COMMANDS, RUN_STARTED, SERVER_STATE, TRACE_FINISHED, type TraceFinishedParams } from '../../shared/protocol';
import { LOOPS_SOURCE, loopsTrace, makeTrace } from './serverFixtures';

const URI = 'file:///tmp/runlens-unit/loops.py';
const FULL: ClientCapabilities = {
  textDocument: { inlayHint: {}, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [''] } } } },
  workspace: { inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true }, applyEdit: true },
  window: { workDoneProgress: true },
};

class FakeClient implements ClientPort {
  readonly notifications: { method: string; params: any }[] = [];
  readonly requests: { method: string; params: any }[] = [];
  private waiters: (() => void)[] = [];
  sendNotification(method: string, params?: unknown): void {
    this.notifications.push({ method, params });
    this.wake();
  }
  async sendRequest(method: string, params?: unknown): Promise<unknown> {
    this.requests.push({ method, params });
    this.wake();
    return method === 'workspace/applyEdit' ? { applied: true } : null;
  }
  log(): void {}
  of(method: string): any[] {
    return this.notifications.filter((n) => n.method === method).map((n) => n.params);
  }
  finished(): TraceFinishedParams[] {
    return this.of(TRACE_FINISHED);
  }
  /** Resolve when the condition holds; fail after a deadline. */
  until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      const check = () => {
        if (condition()) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      this.waiters.push(check);
    });
  }
  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** A runner whose runs finish when the test says so (or at once), honouring cancellation. */
class FakeRunner {
  readonly requests: RunPlan[] = [];
  active = 0;
  maxActive = 0;
  private gates: (() => void)[] = [];
  hold = false;
  trace: (request: RunPlan) => Trace = () => loopsTrace();
  run = (request: RunPlan, { signal }: RunOptions = {}): Promise<Trace> => {
    this.requests.push(request);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    return new Promise<Trace>((resolve) => {
      const done = (trace: Trace) => {
        this.active--;
        resolve(trace);
      };
      if (!this.hold) return done(this.trace(request));
      const release = () => done(this.trace(request));
      this.gates.push(release);
      signal?.addEventListener('abort', () => {
        this.gates = this.gates.filter((g) => g !== release);
        done(makeTrace({ status: 'killed', stoppedBy: { limit: 'cancelled', message: 'Cancelled', line: null } }));
      });
    });
  };
  releaseAll(): void {
    const gates = this.gates;
    this.gates = [];
    for (const g of gates) g();
  }
}

function setup(options: { caps?: ClientCapabilities; trusted?: boolean; settings?: unknown } = {}) {
  const client = new FakeClient();
  const runner = new FakeRunner();
  const server = new LspServer({
    client,
    runPlan: runner.run,
    resolvePython: async () => ({ executable: '/usr/bin/python3', version: '3.11.7', source: 'test' }),
    candidates: (explicit) => (explicit ? [explicit] : [{ path: 'python3', source: 'PATH' }]),
  });
  server.initialize({
    processId: null, rootUri: null, capabilities: options.caps ?? FULL,
    initializationOptions: { trusted: options.trusted, settings: options.settings ?? { debounceMs: 5 } },
  });
  server.initialized();
  return { client, runner, server };
}

const open = (server: LspServer, text = LOOPS_SOURCE, uri = URI) =>
  server.didOpen({ textDocument: { uri, languageId: 'python', version: 1, text } });

test('runs on open, answers requests from the trace, refreshes and notifies', async () => {
  const { client, runner, server } = setup();
  open(server);
  await client.until(() => client.finished().length === 1, 'traceFinished');
  assert.deepEqual(client.finished()[0], { uri: URI, version: 1, status: 'ok', durationMs: 42, summary: 'Ran in 42 ms · 1 line of output' });
  assert.equal(runner.requests[0]!.texts[runner.requests[0]!.entry], LOOPS_SOURCE);
  assert.equal(runner.requests[0]!.cwd, '/tmp/runlens-unit');
  assert.equal(client.of(RUN_STARTED).length, 1);
  await client.until(() => client.requests.some((r) => r.method === 'workspace/codeLens/refresh'), 'codeLens refresh');
  assert.ok(client.requests.some((r) => r.method === 'workspace/inlayHint/refresh'));
  const range = { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } };
  for (let i = 0; i < 5; i++) {
    assert.equal(server.inlayHints({ textDocument: { uri: URI }, range })!.length, 3);
    assert.ok(server.codeLenses({ textDocument: { uri: URI } })!.length >= 4);
    assert.ok(server.hover({ textDocument: { uri: URI }, position: { line: 2, character: 0 } }));
  }
  assert.equal(runner.requests.length, 1, 'requests never start runs');
  server.shutdown();
});

test('a newer version cancels the run in progress; only the newest result is kept', async () => {
  const { client, runner, server } = setup();
  runner.hold = true;
  open(server);
  await client.until(() => runner.requests.length === 1, 'first run');
  server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 8 }, end: { line: 0, character: 9 } }, text: '5' }] });
  await client.until(() => client.finished().some((f) => f.version === 1), 'version 1 cancelled');
  assert.equal(client.finished()[0]!.status, 'killed');
  await client.until(() => runner.requests.length === 2, 'second run');
  assert.match(runner.requests[1]!.texts[runner.requests[1]!.entry]!, /^total = 5/);
  runner.releaseAll();
  await client.until(() => client.finished().some((f) => f.version === 2), 'version 2 finished');
  assert.equal(client.finished().find((f) => f.version === 2)!.status, 'ok');
  assert.equal(runner.maxActive, 1);
  server.shutdown();
});

test('at most two runs at a time over all documents', async () => {
  const { client, runner, server } = setup();
  runner.hold = true;
  for (let i = 0; i < 4; i++) open(server, LOOPS_SOURCE, `file:///tmp/runlens-unit/f${i}.py`);
  await client.until(() => runner.requests.length === 2, 'two runs');
  assert.equal(runner.active, 2);
  runner.releaseAll();
  await client.until(() => runner.requests.length === 4, 'queued runs start');
  runner.releaseAll();
  await client.until(() => client.finished().length === 4, 'all finished');
  assert.equal(runner.maxActive, 2);
  server.shutdown();
});

test('untrusted: nothing runs until trusted', async () => {
  const { client, runner, server } = setup({ trusted: false });
  open(server);
  assert.equal(client.of(SERVER_STATE)[0].state, 'untrusted');
  await server.executeCommand({ command: COMMANDS.runNow, arguments: [{ uri: URI }] });
  assert.equal(runner.requests.length, 0);
  server.setTrusted({ trusted: true });
  await client.until(() => client.finished().length === 1, 'run after trust');
  assert.equal(runner.requests.length, 1);
  server.shutdown();
});

test('paused: nothing runs until resume', async () => {
  const { client, runner, server } = setup();
  await server.executeCommand({ command: COMMANDS.pause });
  open(server);
  server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: LOOPS_SOURCE + '\n' }] });
  server.didSave({ textDocument: { uri: URI } });
  assert.equal(runner.requests.length, 0);
  assert.equal(client.of(SERVER_STATE).at(-1).state, 'paused');
  await server.executeCommand({ command: COMMANDS.resume });
  await client.until(() => client.finished().length === 1, 'run after resume');
  assert.equal(client.finished()[0]!.version, 2);
  server.shutdown();
});

test('runOn save and manual', async () => {
  const save = setup({ settings: { runOn: 'save', debounceMs: 0 } });
  open(save.server);
  await save.client.until(() => save.client.finished().length === 1, 'run on open');
  save.server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: 'x = 1\n' }] });
  assert.equal(save.runner.requests.length, 1);
  save.server.didSave({ textDocument: { uri: URI } });
  await save.client.until(() => save.client.finished().length === 2, 'run on save');
  save.server.shutdown();

  const manual = setup({ settings: { runOn: 'manual' } });
  open(manual.server);
  manual.server.didSave({ textDocument: { uri: URI } });
  assert.equal(manual.runner.requests.length, 0);
  await manual.server.executeCommand({ command: COMMANDS.runNow, arguments: [{ uri: URI }] });
  await manual.client.until(() => manual.client.finished().length === 1, 'runNow');
  manual.server.shutdown();
});

test('capabilities: no inlay hints, no refresh, no progress', async () => {
  const { client, server } = setup({ caps: {} });
  const result = server.initialize({ processId: null, rootUri: null, capabilities: {} });
  assert.equal(result.capabilities.inlayHintProvider, undefined);
  assert.equal(result.capabilities.codeActionProvider, true);
  open(server);
  await client.until(() => client.finished().length === 1, 'run');
  assert.equal(server.inlayHints({ textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } }), null);
  assert.deepEqual(client.requests.map((r) => r.method), []);
  const actions = server.codeActions({ textDocument: { uri: URI }, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, context: { diagnostics: [] } })!;
  assert.ok(actions.every((a) => typeof (a as { command: unknown }).command === 'string'), 'plain Commands without literal support');
  server.shutdown();
});

test('progress is reported for long runs when supported', async () => {
  const { client, runner, server } = setup();
  runner.hold = true;
  open(server);
  await client.until(() => client.of('$/progress').length === 1, 'progress begin', 3000);
  assert.ok(client.requests.some((r) => r.method === 'window/workDoneProgress/create'));
  assert.equal(client.of('$/progress')[0].value.kind, 'begin');
  runner.releaseAll();
  await client.until(() => client.of('$/progress').length === 2, 'progress end');
  assert.equal(client.of('$/progress')[1].value.kind, 'end');
  server.shutdown();
});

test('commands: output, trace, predict file, predict call, insert prediction', async () => {
  const { client, runner, server } = setup();
  const source = 'def f(n):\n    """\n    >>> f(3)\n    """\n    return n * 2\n\nf(1)\n';
  runner.trace = (request) =>
    request.call
      ? makeTrace({ result: { repr: '6', truncated: false }, stdout: '', functions: [] })
      : makeTrace({ stdout: 'hi\n', output: [{ stream: 'stdout', text: 'hi\n', line: 7 }] });
  open(server, source);
  await client.until(() => client.finished().length === 1, 'run');
  assert.equal(await server.executeCommand({ command: COMMANDS.showOutput, arguments: [{ uri: URI }] }), 'hi\n');
  assert.match(String(await server.executeCommand({ command: COMMANDS.showTrace, arguments: [{ uri: URI }] })), /^# loops.py · 0 steps/);
  const file = (await server.executeCommand({ command: COMMANDS.predictFile, arguments: [{ uri: URI }] })) as { output: string };
  assert.equal(file.output, 'hi\n');
  const call = (await server.executeCommand({ command: COMMANDS.predictCall, arguments: [{ uri: URI, line: 4 }] })) as Record<string, unknown>;
  assert.equal(call.call, 'f(3)');
  assert.equal(call.returnValue, '6');
  assert.equal(call.summary, 'f(3) → 6');
  assert.equal(runner.requests.at(-1)!.call, 'f(3)');
  const inserted = (await server.executeCommand({ command: COMMANDS.insertPrediction, arguments: [{ uri: URI, line: 2 }] })) as Record<string, unknown>;
  assert.equal(inserted.applied, true);
  const edit = client.requests.find((r) => r.method === 'workspace/applyEdit')!.params.edit.changes[URI][0];
  assert.deepEqual(edit, { range: { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } }, newText: '  # → 6' });
  const needs = (await server.executeCommand({ command: COMMANDS.predictCall, arguments: [{ uri: URI, line: 6 }] })) as Record<string, unknown>;
  assert.equal(needs.needsCall, true);
  server.shutdown();
});

test('runs nobody asked for are guarded against side effects; Run Now is not', async () => {
  const guarded = setup();
  open(guarded.server);
  await guarded.client.until(() => guarded.client.finished().length === 1, 'run on open');
  assert.equal(guarded.runner.requests[0]!.guard, true);
  await guarded.server.executeCommand({ command: COMMANDS.runNow, arguments: [{ uri: URI }] });
  await guarded.client.until(() => guarded.client.finished().length === 2, 'Run Now');
  assert.equal(guarded.runner.requests[1]!.guard, false);
  guarded.server.shutdown();

  const off = setup({ settings: { debounceMs: 5, guardSideEffects: false } });
  open(off.server);
  await off.client.until(() => off.client.finished().length === 1, 'run on open');
  assert.equal(off.runner.requests[0]!.guard, false);
  off.server.shutdown();
});
