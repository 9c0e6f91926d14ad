// The server's runs go through the same plan and spawner as the CLI's: settings reach the program
// (environment, stdin, arguments), and a run whose records fail the schema still ends with one
// traceFinished, status error, saying what was wrong.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { COMMANDS } from '../../shared/commands';
import { newTag, reportedPids, taggedProcesses, TEST_TAG_VARIABLE, waitUntil, waitUntilGone } from '../helpers/processes';
import { PROFILES, startClient, type Mode } from './harness';

const work = mkdtempSync(join(tmpdir(), 'runlens-protocol-run-'));
const uri = (name: string) => pathToFileURL(join(work, name)).href;
writeFileSync(join(work, 'input.txt'), 'ada\n');
after(() => rmSync(work, { recursive: true, force: true }));

for (const mode of ['in-process', 'spawned'] as Mode[]) {
  describe(`runs through the plan (${mode})`, () => {
    test('runlens.env, runlens.stdinFile and runlens.args reach the program', async () => {
      const client = await startClient(mode, PROFILES.vscode!, {
        settings: { debounceMs: 10, env: { GREETING: 'hello' }, stdinFile: 'input.txt', args: ['--flag'] },
      });
      try {
        const doc = uri('settings.py');
        client.open(doc, 'import os, sys\nname = input()\nprint(os.environ["GREETING"], name, sys.argv[1:])\n');
        assert.equal((await client.traced(doc, 1)).status, 'ok');
        const output = await client.request('workspace/executeCommand', { command: COMMANDS.showOutput, arguments: [{ uri: doc }] });
        assert.equal(output, "hello ada ['--flag']\n");
      } finally {
        await client.close();
      }
    });

    if (process.platform === 'linux') {
      test("a pty child ignoring SIGHUP and holding the program's stdout neither holds up the document's next run nor outlives its own", { timeout: 60_000 }, async () => {
        const tag = newTag();
        const pids = join(work, `pty-${mode}.pids`);
        const client = await startClient(mode, PROFILES.vscode!, {
          // A long time limit: the hard kill past it would end a held-up run too, hiding what this checks.
          settings: { debounceMs: 10, timeoutMs: 120_000, guardSideEffects: false, env: { PIDS: pids, [TEST_TAG_VARIABLE]: tag } },
        });
        try {
          const doc = uri(`pty-${mode}.py`);
          client.open(doc, [
            'import os, signal, time',
            'held = os.dup(1)',
            'child, fd = os.forkpty()',
            'if child == 0:',
            '    signal.signal(signal.SIGHUP, signal.SIG_IGN)',
            '    open(os.environ["PIDS"], "a").write("%d\\n" % os.getpid())',
            '    time.sleep(3600)',
            'while not os.path.exists(os.environ["PIDS"]) or str(child) not in open(os.environ["PIDS"]).read().split():',
            '    time.sleep(0.01)',
            'x = 1',
            '',
          ].join('\n'));
          assert.equal((await client.traced(doc, 1)).status, 'ok');
          await waitUntil(() => reportedPids(pids).length === 1, 'the pty child has started');
          const version = client.change(doc, [{ range: { start: { line: 9, character: 4 }, end: { line: 9, character: 5 } }, text: '2' }]);
          assert.equal((await client.traced(doc, version)).status, 'ok', 'the next run is not held up');
          assert.equal(reportedPids(pids).length, 2);
          await waitUntilGone(() => [...reportedPids(pids), ...taggedProcesses(tag)], 'process of either run');
        } finally {
          await client.close();
        }
      });
    }

    test('runlens/ping is answered at once (how the VS Code client tells a stopped server from a live one)', async () => {
      const client = await startClient(mode, PROFILES.vscode!);
      try {
        assert.equal(await client.request('runlens/ping'), null);
      } finally {
        await client.close();
      }
    });

    test('a forged record ends the run with one traceFinished: error, naming the field', async () => {
      const client = await startClient(mode, PROFILES.vscode!, { settings: { debounceMs: 10 } });
      try {
        const doc = uri('forged.py');
        client.open(doc, 'import os\nos.write(3, b\'{"type":"trace","trace":{}}\\n\')\nos.close(3)\n');
        const finished = await client.traced(doc, 1);
        assert.equal(finished.status, 'error');
        assert.equal(finished.summary, 'Could not trace the run: The tracer sent a malformed trace record: trace.format: expected "runlens-trace/1", got nothing');
        assert.equal(client.finished(doc).length, 1);
      } finally {
        await client.close();
      }
    });
  });
}
