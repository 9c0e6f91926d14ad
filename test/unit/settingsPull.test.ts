// Settings reach the server from initializationOptions (the fallback), from workspace/configuration
// when the client answers it (after `initialized` and on every didChangeConfiguration), or from what
// a client that cannot be asked pushes. Each test reads the settings a run got from its plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientCapabilities } from 'vscode-languageserver';
import { FULL_CAPABILITIES, setup, type Setup } from './testServer';

const PULLING: ClientCapabilities = { ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, configuration: true } };

/** The time limit and guard of the run of a newly opened document (Run Now when opening does not run it). */
async function nextRun(s: Setup, uri: string): Promise<{ timeoutMs: number; guard: boolean }> {
  const before = s.runner.plans.length;
  s.open('x = 1\n', uri);
  await s.server.idle();
  if (s.runner.plans.length === before) {
    await s.server.executeCommand({ command: 'runlens.runNow', arguments: [{ uri }] });
    await s.server.idle();
  }
  const plan = s.runner.plans.at(-1)!;
  return { timeoutMs: plan.limits.timeoutMs, guard: plan.guard };
}

test('after `initialized` the settings are pulled and go over initializationOptions, key by key', async () => {
  const s = await setup({ caps: PULLING, settings: { timeoutMs: 2000, runOn: 'manual' }, configuration: { timeoutMs: 1234 } });
  assert.deepEqual(s.client.requests.filter((r) => r.method === 'workspace/configuration').map((r) => r.params), [{ items: [{ section: 'runlens' }] }]);
  s.open('x = 1\n', 'file:///tmp/runlens-unit/a.py');
  await s.server.idle();
  assert.equal(s.runner.plans.length, 0, 'runOn manual from initializationOptions still holds');
  assert.equal((await nextRun(s, 'file:///tmp/runlens-unit/b.py')).timeoutMs, 1234);
  s.server.shutdown();
});

test('a client without settings for the section (null) keeps initializationOptions', async () => {
  const s = await setup({ caps: PULLING, settings: { timeoutMs: 2000 }, configuration: null });
  assert.equal((await nextRun(s, 'file:///tmp/runlens-unit/a.py')).timeoutMs, 2000);
  s.server.shutdown();
});

test('didChangeConfiguration pulls again, whatever it carries; numbers are clamped into their bounds', async () => {
  const s = await setup({ caps: PULLING, configuration: { timeoutMs: 1234 } });
  s.client.configuration = { timeoutMs: 86_400_000, guardSideEffects: false };
  await s.server.didChangeConfiguration({ settings: { runlens: { timeoutMs: 9999 } } });
  assert.equal(s.client.requests.filter((r) => r.method === 'workspace/configuration').length, 2);
  assert.deepEqual(await nextRun(s, 'file:///tmp/runlens-unit/a.py'), { timeoutMs: 600_000, guard: false });
  s.server.shutdown();
});

test('a client that cannot be asked: pushed settings are read, over initializationOptions', async () => {
  const s = await setup({ caps: FULL_CAPABILITIES, settings: { timeoutMs: 2000, guardSideEffects: false } });
  await s.server.didChangeConfiguration({ settings: { runlens: { timeoutMs: 7000 } } });
  await s.server.didChangeConfiguration({ settings: { python: { something: 1 } } });
  assert.equal(s.client.requests.filter((r) => r.method === 'workspace/configuration').length, 0);
  assert.deepEqual(await nextRun(s, 'file:///tmp/runlens-unit/a.py'), { timeoutMs: 7000, guard: false });
  s.server.shutdown();
});

test('a new runlens.pythonPath is resolved for the next run', async () => {
  const asked: string[] = [];
  const s = await setup({
    caps: PULLING,
    configuration: { pythonPath: '/opt/py/bin/python3' },
    resolvePython: async (candidates) => {
      asked.push(candidates[0]!.path);
      return { executable: candidates[0]!.path, version: '3.12.1', source: candidates[0]!.source };
    },
  });
  await nextRun(s, 'file:///tmp/runlens-unit/a.py');
  s.client.configuration = { pythonPath: '/opt/other/python3' };
  await s.server.didChangeConfiguration({ settings: null });
  await nextRun(s, 'file:///tmp/runlens-unit/b.py');
  assert.deepEqual(asked, ['/opt/py/bin/python3', '/opt/other/python3']);
  assert.equal(s.runner.plans.at(-1)!.python.executable, '/opt/other/python3');
  s.server.shutdown();
});
