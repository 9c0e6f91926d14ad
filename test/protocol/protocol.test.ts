// The protocol suite: the same tests for the server in-process and spawned, for each client
// capability profile, with the real runner and tracer on the example files.
import { describe, test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../shared/commands';
import { ServerState, SetTrusted } from '../../shared/protocol';
import { PROFILES, ROOT, exampleUri, startClient, type Mode, type TestClient } from './harness';

const read = (name: string) => readFileSync(join(ROOT, 'examples', name), 'utf8');
const LOOPS = exampleUri('loops.py');
const FUNCTIONS = exampleUri('functions.py');
const RAISES = exampleUri('raises.py');
const FOREVER = exampleUri('forever.py');
const everything = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

interface Lens { range: { start: { line: number } }; command: { title: string; command: string; arguments?: unknown[] } }
const lensTitles = (lenses: Lens[]) => lenses.map((l) => [l.range.start.line, l.command.title]);

for (const mode of ['in-process', 'spawned'] as Mode[]) {
  for (const [profile, caps] of Object.entries(PROFILES)) {
    const hints = !!caps.textDocument?.inlayHint;
    describe(`${mode} · ${profile}`, () => {
      let client: TestClient;
      before(async () => {
        client = await startClient(mode, caps, { settings: { debounceMs: 50 } });
      });
      after(async () => {
        await client.close();
      });

      test('capabilities follow the client', () => {
        const server = client.initializeResult.capabilities;
        assert.equal(!!server.inlayHintProvider, hints);
        assert.ok(server.codeLensProvider);
        assert.ok(server.hoverProvider);
        assert.deepEqual(server.executeCommandProvider?.commands?.sort(), Object.values(COMMANDS).sort());
        assert.equal(client.of(ServerState.method)[0]?.state ?? 'ready', 'ready');
      });

      test('loops.py: hints, lenses, hover from one run', async () => {
        client.open(LOOPS, read('loops.py'));
        const finished = await client.traced(LOOPS, 1);
        assert.equal(finished.status, 'ok');
        assert.match(finished.summary, /^Ran in \d+ ms · 2 lines of output$/);
        if (hints) {
          const got = await client.request('textDocument/inlayHint', { textDocument: { uri: LOOPS }, range: everything });
          assert.deepEqual(got.map((h: any) => [h.position.line, h.position.character, h.label]), [
            [0, 9, 'total = 0'],
            [1, 19, 'i: 0 … 9 ×10'],
            [2, 14, 'total: 0 … 45 ×10'],
            [4, 35, 'squares = [0, 1, 4, 9]'],
          ]);
          assert.ok(got.every((h: any) => h.paddingLeft === true && h.tooltip.kind === 'markdown'));
          const ranged = await client.request('textDocument/inlayHint', { textDocument: { uri: LOOPS }, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 20 } } });
          assert.equal(ranged.length, 1);
        } else {
          const got = await client.request('textDocument/inlayHint', { textDocument: { uri: LOOPS }, range: everything }).catch((e: Error) => e);
          assert.ok(got === null || got instanceof Error, 'no inlay hints without the capability');
        }
        const lenses: Lens[] = await client.request('textDocument/codeLens', { textDocument: { uri: LOOPS } });
        const titles = lensTitles(lenses);
        assert.match(String(titles[0]![1]), /^Ran in \d+ ms · 2 lines of output$/);
        assert.deepEqual(titles.slice(1), [[0, 'Show output'], [0, 'Show trace'], [1, '10 iterations']]);
        const hover = await client.request('textDocument/hover', { textDocument: { uri: LOOPS }, position: { line: 1, character: 4 } });
        assert.match(hover.contents.value, /10 iterations/);
        assert.match(hover.contents.value, /\| 1 \| `i = 0` \|/);
        const output = await client.request('workspace/executeCommand', { command: COMMANDS.showOutput, arguments: [{ uri: LOOPS }] });
        assert.equal(output, '45\n[0, 1, 4, 9]\n');
        const trace: string = await client.request('workspace/executeCommand', { command: COMMANDS.showTrace, arguments: [{ uri: LOOPS }] });
        assert.match(trace.split('\n')[1]!, /^ {3}1 │ total = 0 +total = 0$/);
        assert.equal(client.runsStarted(LOOPS), 1, 'requests never start runs');
      });

      test('functions.py: call lenses, paths, never ran, predict from a doctest', async () => {
        client.open(FUNCTIONS, read('functions.py'));
        await client.traced(FUNCTIONS, 1);
        const lenses: Lens[] = await client.request('textDocument/codeLens', { textDocument: { uri: FUNCTIONS } });
        const titles = lensTitles(lenses);
        assert.deepEqual(titles.slice(3), [
          [0, '1 call · returned 3 · 1 path'],
          [0, 'path 6'],
          [8, '2 calls · returned 120, 6 · 2 paths'],
          [8, 'path 10 → (11 → 12)×4 → 11 → 13'],
          [10, '6 iterations'],
          [15, 'never ran · Predict output…'],
          [22, 'never ran · Predict output…'],
        ]);
        const never = lenses.find((l) => l.range.start.line === 15)!;
        assert.equal(never.command.command, COMMANDS.predictCall);
        const actions = await client.request('textDocument/codeAction', {
          textDocument: { uri: FUNCTIONS }, range: { start: { line: 19, character: 4 }, end: { line: 19, character: 4 } }, context: { diagnostics: [] },
        });
        const predict = actions.find((a: any) => a.title === 'Predict output: unused(4)');
        assert.ok(predict, JSON.stringify(actions));
        const result = await client.request('workspace/executeCommand', predict.command);
        assert.equal(result.returnValue, '8');
        assert.equal(result.summary, 'unused(4) → 8');
        assert.equal(result.path, '20');
        const given = await client.request('workspace/executeCommand', { command: COMMANDS.predictCall, arguments: [{ uri: FUNCTIONS, line: 22, call: "no_example('hi')" }] });
        assert.equal(given.returnValue, "'HI'");
        const hover = await client.request('textDocument/hover', { textDocument: { uri: FUNCTIONS }, position: { line: 8, character: 4 } });
        assert.match(hover.contents.value, /\| 1 \| `fact\(n=5\)` \| `120` \|/);
        assert.equal(client.runsStarted(FUNCTIONS), 1);
      });

      test('raises.py: diagnostics and the exception hint', async () => {
        client.open(RAISES, read('raises.py'));
        const finished = await client.traced(RAISES, 1);
        assert.equal(finished.status, 'exception');
        assert.equal(finished.summary, 'Raised ZeroDivisionError at line 2');
        await client.until(() => client.of('textDocument/publishDiagnostics').some((d) => d.uri === RAISES), 'diagnostics');
        const [diagnostic] = client.of('textDocument/publishDiagnostics').filter((d) => d.uri === RAISES).at(-1).diagnostics;
        assert.equal(diagnostic.message, 'ZeroDivisionError: division by zero');
        assert.equal(diagnostic.source, 'runlens');
        assert.equal(diagnostic.range.start.line, 1);
        assert.deepEqual(diagnostic.relatedInformation.map((r: any) => r.location.range.start.line), [9, 6, 1]);
        if (hints) {
          const got = await client.request('textDocument/inlayHint', { textDocument: { uri: RAISES }, range: everything });
          assert.deepEqual(got.find((h: any) => h.position.line === 1).label, '→ 2.0  ZeroDivisionError: division by zero');
        }
      });

      test('edits: hints move with unchanged lines, changed lines show nothing, then the new run', async () => {
        // runOn "save": the edits start no run, so the hints asked for are those of version 1.
        const editing = await startClient(mode, caps, { settings: { runOn: 'save' } });
        try {
          const uri = exampleUri('loops-edit.py');
          editing.open(uri, read('loops.py'));
          await editing.traced(uri, 1);
          const version = editing.change(uri, [
            { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# note\n' },
            { range: { start: { line: 3, character: 14 }, end: { line: 3, character: 14 } }, text: ' * 2' },
          ]);
          if (hints) {
            const got = await editing.request('textDocument/inlayHint', { textDocument: { uri }, range: everything });
            assert.deepEqual(got.map((h: any) => [h.position.line, h.label]), [[1, 'total = 0'], [2, 'i: 0 … 9 ×10'], [5, 'squares = [0, 1, 4, 9]']]);
          } else {
            const hover = await editing.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 4 } });
            assert.match(hover.contents.value, /Changed since the last run/);
          }
          assert.equal(editing.runsStarted(uri), 1, 'the edits started no run');
          editing.save(uri);
          const finished = await editing.traced(uri, version);
          assert.equal(finished.status, 'ok');
          if (hints) {
            const got = await editing.request('textDocument/inlayHint', { textDocument: { uri }, range: everything });
            assert.deepEqual(got.find((h: any) => h.position.line === 3).label, 'total: 0 … 90 ×10');
          }
        } finally {
          await editing.close();
        }
      });

      test('a newer version cancels the slow run in progress', async () => {
        client.open(FOREVER, read('forever.py'));
        await client.until(() => client.runsStarted(FOREVER) === 1, 'run of version 1 started');
        const version = client.change(FOREVER, [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 10 } }, text: 'for _ in range(3):\n    n += 1' }]);
        const finished = await client.traced(FOREVER, version);
        assert.equal(finished.status, 'ok');
        const first = client.finished(FOREVER).filter((f) => f.version === 1);
        assert.ok(first.every((f) => f.status === 'killed'), JSON.stringify(first));
        assert.ok(finished.durationMs < 4000);
        const output = await client.request('workspace/executeCommand', { command: COMMANDS.showOutput, arguments: [{ uri: FOREVER }] });
        assert.equal(output, '');
      });

      test('refresh requests only when the client supports them', async () => {
        const uri = exampleUri('refresh.py');
        client.open(uri, 'x = 1\n');
        // The server asks for refreshes after a run, before it says the run finished.
        await client.traced(uri, 1);
        const methods = client.serverRequests.map((r) => r.method);
        assert.equal(methods.includes('workspace/inlayHint/refresh'), !!caps.workspace?.inlayHint?.refreshSupport);
        assert.equal(methods.includes('workspace/codeLens/refresh'), !!caps.workspace?.codeLens?.refreshSupport);
      });
    });
  }
}

describe('runOn, trust, settings, timeouts and insertion (vscode profile)', () => {
  test('runOn manual: opening and saving run nothing; Run Now runs once', async () => {
    const client = await startClient('in-process', PROFILES.vscode!, { settings: { runOn: 'manual', debounceMs: 0 } });
    try {
      client.open(LOOPS, read('loops.py'));
      client.save(LOOPS);
      // Messages are handled in order and one run per document at a time: a run the open or the
      // save had started would have been announced (and cancelled) before Run Now's.
      assert.deepEqual(await client.request('workspace/executeCommand', { command: COMMANDS.runNow, arguments: [{ uri: LOOPS }] }), { started: true });
      const finished = await client.traced(LOOPS, 1);
      assert.equal(finished.status, 'ok');
      assert.equal(client.runsStarted(LOOPS), 1);
      assert.equal(client.finished(LOOPS).length, 1);
    } finally {
      await client.close();
    }
  });

  test('runOn save: an edit runs nothing, the save runs the new version', async () => {
    const client = await startClient('in-process', PROFILES.vscode!, { settings: { runOn: 'save', debounceMs: 0 } });
    try {
      client.open(LOOPS, read('loops.py'));
      await client.traced(LOOPS, 1);
      const version = client.change(LOOPS, [{ range: { start: { line: 0, character: 8 }, end: { line: 0, character: 9 } }, text: '5' }]);
      // The edit was handled when the hover answers; a run it started (debounceMs 0) would have been announced first.
      const hover = await client.request('textDocument/hover', { textDocument: { uri: LOOPS }, position: { line: 0, character: 0 } });
      assert.match(hover.contents.value, /Changed since the last run/);
      assert.equal(client.runsStarted(LOOPS), 1);
      client.save(LOOPS);
      const finished = await client.traced(LOOPS, version);
      assert.equal(finished.status, 'ok');
      assert.equal(client.runsStarted(LOOPS), 2);
    } finally {
      await client.close();
    }
  });

  test('settings come from workspace/configuration when the client answers it (the pull model)', async () => {
    // No settings in initializationOptions: only the pulled timeoutMs can make this run stop after 1 s.
    const client = await startClient('spawned', PROFILES.vscode!, {}, { timeoutMs: 1000 });
    try {
      const asked = (method: string) => client.serverRequests.some((r) => r.method === method);
      // Applied settings make the server ask for fresh lenses.
      await client.until(() => asked('workspace/configuration') && asked('workspace/codeLens/refresh'), 'settings pulled and applied');
      assert.deepEqual(client.serverRequests.find((r) => r.method === 'workspace/configuration')!.params, { items: [{ section: 'runlens' }] });
      client.open(FOREVER, read('forever.py'));
      const finished = await client.traced(FOREVER, 1);
      assert.equal(finished.status, 'timeout');
      assert.match(finished.summary, /^Stopped after 1 s at line [23]$/);
    } finally {
      await client.close();
    }
  });

  test('untrusted: nothing runs until the client trusts the workspace', async () => {
    const client = await startClient('in-process', PROFILES.vscode!, { trusted: false, settings: { debounceMs: 10 } });
    try {
      await client.until(() => client.of(ServerState.method).length > 0, 'serverState');
      assert.equal(client.of(ServerState.method)[0].state, 'untrusted');
      client.open(LOOPS, read('loops.py'));
      const runNow = await client.request('workspace/executeCommand', { command: COMMANDS.runNow, arguments: [{ uri: LOOPS }] });
      assert.deepEqual(runNow, { started: false });
      assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: LOOPS } }), []);
      assert.equal(client.runsStarted(), 0);
      client.notify(SetTrusted.method, { trusted: true });
      await client.traced(LOOPS, 1);
      assert.equal(client.runsStarted(), 1);
    } finally {
      await client.close();
    }
  });

  test('a run stopped by the time limit: warning, lens and summary', async () => {
    const client = await startClient('spawned', PROFILES.vscode!, { settings: { timeoutMs: 1000 } });
    try {
      client.open(FOREVER, read('forever.py'));
      const finished = await client.traced(FOREVER, 1);
      assert.equal(finished.status, 'timeout');
      assert.match(finished.summary, /^Stopped after 1 s at line [23]$/);
      await client.until(() => client.of('textDocument/publishDiagnostics').length > 0, 'diagnostics');
      const [warning] = client.of('textDocument/publishDiagnostics').at(-1).diagnostics;
      assert.equal(warning.severity, 2);
      assert.ok([1, 2].includes(warning.range.start.line));
      await client.until(() => client.of('$/progress').some((p) => p.value.kind === 'end'), 'progress end');
      const progress = client.of('$/progress').map((p) => p.value.kind);
      assert.deepEqual(progress, ['begin', 'end']);
    } finally {
      await client.close();
    }
  });

  test('insert predicted output as a comment', async () => {
    const client = await startClient('in-process', PROFILES.vscode!, { settings: { debounceMs: 10 } });
    try {
      client.open(FUNCTIONS, read('functions.py'));
      await client.traced(FUNCTIONS, 1);
      const actions = await client.request('textDocument/codeAction', {
        textDocument: { uri: FUNCTIONS }, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 8 } }, context: { diagnostics: [] },
      });
      const insert = actions.find((a: any) => a.title === 'Insert predicted output as comment');
      const result = await client.request('workspace/executeCommand', insert.command);
      assert.deepEqual(result, { applied: true, value: '5', message: 'Inserted → 5' });
      const edit = client.serverRequests.find((r) => r.method === 'workspace/applyEdit')!.params.edit;
      assert.deepEqual(edit.changes[FUNCTIONS], [{ range: { start: { line: 3, character: 17 }, end: { line: 3, character: 17 } }, newText: '  # → 5' }]);
    } finally {
      await client.close();
    }
  });
});
