// Every run of a document ends with exactly one runlens/traceFinished, whatever happened: a runner
// that throws, a run that could not be traced (status error), no Python, cancellation, the
// document closed mid-run. Each test waits until the server is idle, then counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PublishDiagnosticsNotification } from 'vscode-languageserver';
import { LspServer } from '../../server/src/lspServer';
import { makeTrace } from './serverFixtures';
import { setup, TestClient, URI, type Setup } from './testServer';

/** One traceFinished per runStarted, for the same versions, in order. */
function assertOneEndPerRun(client: TestClient): void {
  assert.deepEqual(client.finished().map((f) => f.version), client.started().map((s) => s.version));
}

function diagnosticMessages(client: TestClient): string[] {
  return client.of(PublishDiagnosticsNotification.type).flatMap((p) => p.diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value)));
}

async function runOnce(s: Setup): Promise<void> {
  s.open();
  await s.server.idle();
  assertOneEndPerRun(s.client);
}

test('a runner that throws: status error, its message as the summary, a log line and a diagnostic', async () => {
  const s = await setup();
  s.runner.trace = () => {
    throw new Error('spawn python3 ENOENT');
  };
  await runOnce(s);
  const [finished] = s.client.finished();
  assert.equal(finished!.status, 'error');
  assert.equal(finished!.summary, 'Could not trace the run: spawn python3 ENOENT');
  assert.ok(s.client.logs.some((l) => l.level === 'error' && /spawn python3 ENOENT/.test(l.message)));
  assert.deepEqual(diagnosticMessages(s.client), ['Runlens could not trace this run: spawn python3 ENOENT']);
  s.server.shutdown();
});

test('a run that could not be traced (status error): the failure\'s message as the summary, a log line and a diagnostic', async () => {
  const s = await setup();
  s.runner.trace = () => makeTrace({ status: 'error', failure: { kind: 'record', message: 'a record lacks "lines"' } });
  await runOnce(s);
  assert.deepEqual(s.client.finished().map((f) => [f.status, f.summary]), [['error', 'Could not trace the run: a record lacks "lines"']]);
  assert.ok(s.client.logs.some((l) => l.level === 'error' && /a record lacks "lines"/.test(l.message)));
  assert.deepEqual(diagnosticMessages(s.client), ['Runlens could not trace this run: a record lacks "lines"']);
  const lenses = s.server.codeLenses({ textDocument: { uri: URI } })!;
  assert.equal(lenses[0]!.command!.title, 'Could not trace the run: a record lacks "lines"');
  s.server.shutdown();
});

test('no Python: the run ends with status error and what was tried', async () => {
  const s = await setup();
  const server = new LspServer({
    client: s.client,
    runPlan: s.runner.run,
    resolvePython: async () => {
      throw new Error('No usable Python 3.8+ found. Tried: python3 (PATH): not found.');
    },
    candidates: () => [],
    clock: s.clock,
  });
  server.initialize({ processId: null, rootUri: null, capabilities: {} });
  await server.initialized();
  server.didOpen({ textDocument: { uri: URI, languageId: 'python', version: 1, text: 'x = 1\n' } });
  await server.idle();
  assertOneEndPerRun(s.client);
  assert.deepEqual(s.client.finished().map((f) => [f.status, f.summary]), [['error', 'No usable Python 3.8+ found. Tried: python3 (PATH): not found.']]);
  assert.equal(s.runner.plans.length, 0);
  server.shutdown();
});

test('cancelled by a newer version: the older run ends once, as killed', async () => {
  const s = await setup();
  s.runner.hold = true;
  s.open();
  await s.until(() => s.runner.plans.length === 1, 'the first run');
  s.change('x = 2\n');
  s.clock.advance(5);
  await s.until(() => s.runner.plans.length === 2, 'the second run');
  s.runner.releaseAll();
  await s.server.idle();
  assertOneEndPerRun(s.client);
  assert.deepEqual(s.client.finished().map((f) => [f.version, f.status, f.summary]), [
    [1, 'killed', 'Cancelled: the document changed'],
    [2, 'ok', 'Ran in 42 ms · 1 line of output'],
  ]);
  s.server.shutdown();
});

test('the document closed mid-run: the run ends once, as killed, and its diagnostics are cleared', async () => {
  const s = await setup();
  s.runner.hold = true;
  s.open();
  await s.until(() => s.runner.plans.length === 1, 'the run');
  s.server.didClose({ textDocument: { uri: URI } });
  await s.server.idle();
  assertOneEndPerRun(s.client);
  assert.deepEqual(s.client.finished().map((f) => [f.status, f.summary]), [['killed', 'Cancelled: the document was closed']]);
  assert.deepEqual(s.client.of(PublishDiagnosticsNotification.type).at(-1), { uri: URI, diagnostics: [] });
  s.server.shutdown();
});

test('a run whose result arrives after the document closed is dropped, and still ends once', async () => {
  const s = await setup();
  s.runner.hold = true;
  // The runner ignores the cancellation and delivers a trace anyway.
  s.runner.ignoreCancel = true;
  s.open();
  await s.until(() => s.runner.plans.length === 1, 'the run');
  s.server.didClose({ textDocument: { uri: URI } });
  s.runner.releaseAll();
  await s.server.idle();
  assertOneEndPerRun(s.client);
  assert.equal(s.client.finished()[0]!.status, 'killed');
  assert.equal(s.server.codeLenses({ textDocument: { uri: URI } })!.length, 0, 'a closed document has no lenses');
  s.server.shutdown();
});

test('pause and shutdown cancel runs in progress, each ending once', async () => {
  const s = await setup();
  s.runner.hold = true;
  s.open();
  s.open('y = 1\n', 'file:///tmp/runlens-unit/other.py');
  await s.until(() => s.runner.plans.length === 2, 'two runs');
  await s.server.executeCommand({ command: 'runlens.pause' });
  await s.server.idle();
  assertOneEndPerRun(s.client);
  assert.deepEqual(s.client.finished().map((f) => f.summary), ['Cancelled: runs are paused', 'Cancelled: runs are paused']);
  s.server.shutdown();
});

test("the protection a run had travels with its traceFinished, when the trace says", async () => {
  const s = await setup();
  s.runner.trace = () => makeTrace({ guarded: true, sandbox: { kind: 'landlock', landlockAbi: 6 } });
  await runOnce(s);
  assert.deepEqual(s.client.finished()[0]!.sandbox, { kind: 'landlock', landlockAbi: 6 });
  s.server.shutdown();
});
