// The server with a recording client, a manual clock and a fake runner: scheduling, cancellation,
// trust, pause, runOn, capabilities, progress, commands. No Python, no sleeps: tests wait on what
// the server sends or the runner sees, or on server.idle(), and every timer the server starts
// belongs to the test's clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS } from '../../shared/commands';
import { ServerState } from '../../shared/protocol';
import { LOOPS_SOURCE } from './serverFixtures';
import { setup, URI } from './testServer';

const edit = { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 8 }, end: { line: 0, character: 9 } }, text: '5' }] };

test('runs on open, answers requests from the trace, refreshes and notifies', async () => {
  const { client, runner, server, open } = await setup();
  open();
  await server.idle();
  assert.deepEqual(client.finished(), [{ uri: URI, version: 1, status: 'ok', durationMs: 42, summary: 'Ran in 42 ms · 1 line of output' }]);
  const plan = runner.plans[0]!;
  assert.equal(plan.mode, 'script');
  assert.equal(plan.entry, '/tmp/runlens-unit/loops.py');
  assert.deepEqual(plan.traced, [plan.entry]);
  assert.equal(plan.texts[plan.entry], LOOPS_SOURCE);
  assert.equal(plan.cwd, '/tmp/runlens-unit');
  assert.equal(plan.limits.timeoutMs, 5000);
  assert.deepEqual(client.started(), [{ uri: URI, version: 1 }]);
  assert.ok(client.requests.some((r) => r.method === 'workspace/codeLens/refresh'));
  assert.ok(client.requests.some((r) => r.method === 'workspace/inlayHint/refresh'));
  const range = { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } };
  for (let i = 0; i < 5; i++) {
    assert.equal(server.inlayHints({ textDocument: { uri: URI }, range })!.length, 3);
    assert.ok(server.codeLenses({ textDocument: { uri: URI } })!.length >= 4);
    assert.ok(server.hover({ textDocument: { uri: URI }, position: { line: 2, character: 0 } }));
  }
  await server.idle();
  assert.equal(runner.plans.length, 1, 'requests never start runs');
  server.shutdown();
});

test('typing: the run waits for the debounce on the test clock; a newer version cancels the run in progress', async () => {
  const { client, runner, clock, server, open, until } = await setup({ settings: { debounceMs: 300 } });
  runner.hold = true;
  open();
  await until(() => runner.plans.length === 1, 'the run on open');
  server.didChange(edit);
  await until(() => client.finished().length === 1, 'version 1 cancelled');
  assert.deepEqual(client.finished().map((f) => [f.version, f.status, f.summary]), [[1, 'killed', 'Cancelled: the document changed']]);
  assert.equal(clock.pending, 1, 'the run of version 2 waits for a pause in typing');
  clock.advance(299);
  await server.idle();
  assert.equal(runner.plans.length, 1, 'not before the debounce');
  clock.advance(1);
  await until(() => runner.plans.length === 2, 'the run of version 2');
  assert.match(runner.plans[1]!.texts[runner.plans[1]!.entry]!, /^total = 5/);
  runner.releaseAll();
  await server.idle();
  assert.deepEqual(client.finished().map((f) => [f.version, f.status]), [[1, 'killed'], [2, 'ok']]);
  assert.equal(runner.maxActive, 1);
  server.shutdown();
});

test('at most two runs at a time over all documents', async () => {
  const { runner, server, open, until } = await setup();
  runner.hold = true;
  for (let i = 0; i < 4; i++) open(LOOPS_SOURCE, `file:///tmp/runlens-unit/f${i}.py`);
  await until(() => runner.plans.length === 2, 'two runs');
  assert.equal(runner.active, 2);
  runner.releaseAll();
  await until(() => runner.plans.length === 4, 'the queued runs start');
  runner.releaseAll();
  await server.idle();
  assert.equal(runner.maxActive, 2);
  server.shutdown();
});

test('untrusted: nothing runs until trusted', async () => {
  const { client, runner, clock, server, open } = await setup({ trusted: false });
  open();
  assert.equal(client.of(ServerState)[0]!.state, 'untrusted');
  assert.deepEqual(await server.executeCommand({ command: COMMANDS.runNow, arguments: [{ uri: URI }] }), { started: false });
  await server.idle();
  assert.equal(clock.pending, 0);
  assert.equal(runner.plans.length, 0);
  server.setTrusted({ trusted: true });
  await server.idle();
  assert.deepEqual(client.finished().map((f) => f.version), [1]);
  server.shutdown();
});

test('paused: nothing runs until resume', async () => {
  const { client, runner, clock, server, open, change } = await setup();
  assert.deepEqual(await server.executeCommand({ command: COMMANDS.pause }), { paused: true });
  open();
  change(LOOPS_SOURCE + '\n');
  server.didSave({ textDocument: { uri: URI } });
  await server.idle();
  assert.equal(clock.pending, 0, 'nothing scheduled');
  assert.equal(runner.plans.length, 0);
  assert.equal(client.of(ServerState).at(-1)!.state, 'paused');
  await server.executeCommand({ command: COMMANDS.resume });
  await server.idle();
  assert.deepEqual(client.finished().map((f) => f.version), [2]);
  server.shutdown();
});

test('runOn save: a change does not run; the save does', async () => {
  const { client, runner, clock, server, open, change } = await setup({ settings: { runOn: 'save', debounceMs: 5 } });
  open();
  await server.idle();
  assert.equal(runner.plans.length, 1, 'opening runs');
  change('x = 1\n');
  // The change was processed (it moved the trace's lines); nothing is scheduled or running.
  assert.equal(server.inlayHints({ textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } })!.length, 0);
  assert.equal(clock.pending, 0);
  await server.idle();
  assert.equal(runner.plans.length, 1);
  server.didSave({ textDocument: { uri: URI } });
  await server.idle();
  assert.deepEqual(client.finished().map((f) => f.version), [1, 2]);
  server.shutdown();
});

test('runOn manual: neither opening nor saving runs; Run Now does', async () => {
  const { client, runner, clock, server, open } = await setup({ settings: { runOn: 'manual' } });
  open();
  server.didSave({ textDocument: { uri: URI } });
  // Both were processed: the document is open (code actions answer), and nothing is scheduled.
  assert.deepEqual(server.codeActions({ textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }), []);
  assert.equal(clock.pending, 0);
  await server.idle();
  assert.equal(runner.plans.length, 0);
  assert.deepEqual(await server.executeCommand({ command: COMMANDS.runNow, arguments: [{ uri: URI }] }), { started: true });
  await server.idle();
  assert.deepEqual(client.finished().map((f) => [f.version, f.status]), [[1, 'ok']]);
  assert.equal(client.started().length, 1, 'only Run Now ran');
  server.shutdown();
});

test('capabilities: no inlay hints, no refresh, no progress', async () => {
  const { client, server, open } = await setup({ caps: {} });
  const result = server.initialize({ processId: null, rootUri: null, capabilities: {} });
  assert.equal(result.capabilities.inlayHintProvider, undefined);
  assert.equal(result.capabilities.codeActionProvider, true);
  open();
  await server.idle();
  assert.equal(client.finished().length, 1);
  assert.equal(server.inlayHints({ textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } }), null);
  assert.deepEqual(client.requests.map((r) => r.method), []);
  const actions = server.codeActions({ textDocument: { uri: URI }, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, context: { diagnostics: [] } })!;
  assert.ok(actions.length > 0 && actions.every((a) => typeof (a as { command: unknown }).command === 'string'), 'plain Commands without literal support');
  server.shutdown();
});

test('progress is reported for runs still going after 500 ms of the clock', async () => {
  const { client, runner, clock, server, open, until } = await setup();
  runner.hold = true;
  open();
  await until(() => runner.plans.length === 1, 'the run');
  clock.advance(499);
  assert.equal(client.requests.filter((r) => r.method === 'window/workDoneProgress/create').length, 0);
  clock.advance(1);
  assert.equal(client.requests.filter((r) => r.method === 'window/workDoneProgress/create').length, 1, 'asked for a token at 500 ms');
  await until(() => client.notifications.some((n) => n.method === '$/progress'), 'progress begin');
  assert.equal(client.notifications.find((n) => n.method === '$/progress')!.params.value.kind, 'begin');
  runner.releaseAll();
  await until(() => client.notifications.filter((n) => n.method === '$/progress').length === 2, 'progress end');
  assert.equal(client.notifications.filter((n) => n.method === '$/progress')[1]!.params.value.kind, 'end');
  server.shutdown();
});

test('a run shorter than 500 ms reports no progress', async () => {
  const { client, clock, server, open } = await setup();
  open();
  await server.idle();
  assert.equal(clock.pending, 0, 'its progress timer was cancelled');
  assert.ok(!client.requests.some((r) => r.method === 'window/workDoneProgress/create'));
  server.shutdown();
});

test('runs nobody asked for are guarded against side effects; Run Now is not', async () => {
  const guarded = await setup();
  guarded.open();
  await guarded.server.idle();
  assert.equal(guarded.runner.plans[0]!.guard, true);
  await guarded.server.executeCommand({ command: COMMANDS.runNow, arguments: [{ uri: URI }] });
  await guarded.server.idle();
  assert.equal(guarded.runner.plans[1]!.guard, false);
  guarded.server.shutdown();

  const off = await setup({ settings: { debounceMs: 5, guardSideEffects: false } });
  off.open();
  await off.server.idle();
  assert.equal(off.runner.plans[0]!.guard, false);
  off.server.shutdown();
});

test('runlens.stdinFile is read relative to the run\'s folder and given to the program', async () => {
  const read: string[] = [];
  const { runner, server, open } = await setup({ settings: { stdinFile: 'in.txt' }, readFile: async (path) => (read.push(path), 'typed\n') });
  open();
  await server.idle();
  assert.deepEqual(read, ['/tmp/runlens-unit/in.txt']);
  assert.equal(runner.plans[0]!.stdin, 'typed\n');
  server.shutdown();
});
