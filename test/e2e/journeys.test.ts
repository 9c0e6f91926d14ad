// End-to-end user journeys in a real VS Code (code-server's workbench in Chromium) with the packaged
// extension installed from its .vsix. Run with `npm run test:e2e` (sets everything up first); see
// docs/e2e.md. Each journey opens a fresh workbench page, saves a screenshot to test-results/e2e/,
// and the best ones are copied to docs/images/ for the README (RUNLENS_E2E_DOCS_IMAGES=0 to skip).
// A failing journey also saves the page console and the extension's logs next to its screenshot.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { isRunning, processesRunning } from '../helpers/processes';
import { launchBrowser, waitFor, Workbench } from './browser';
import { e2eDir, makeWorkspace, repoRoot, resultsDir, startCodeServer, type CodeServer } from './codeServer';

const examples = join(repoRoot, 'examples');
const fixtures = join(repoRoot, 'test', 'e2e', 'fixtures');
/** Time limit for one run in the journeys: short, so the `while True:` journey is quick. */
const TIMEOUT_MS = 2_000;
/** How long a value may take to show: start of the server, first run, rendering. */
const FIRST_VALUES_MS = 45_000;
/** Upper bound for one journey (each of its waits has its own, shorter deadline). */
const JOURNEY_MS = { timeout: 180_000 };

const timings: Record<string, number> = {};
let browser: Browser | undefined;

function workspaceFiles(): Record<string, string> {
  return { '': examples, fixtures };
}

/**
 * Opens a fresh workbench page on `server` for `folder`, runs `body`, and on failure saves a
 * screenshot, the page console and the extension's logs under test-results/e2e/.
 */
async function journey(name: string, server: CodeServer, folder: string, body: (wb: Workbench) => Promise<void>): Promise<void> {
  assert.ok(browser, 'browser started');
  const started = Date.now();
  let wb: Workbench | undefined;
  try {
    wb = await Workbench.open(browser, server.workbenchUrl(folder));
    await body(wb);
  } catch (error) {
    const files = server.saveLogs(join(resultsDir, `${name}-logs`));
    if (wb) {
      files.unshift(await wb.screenshot(`${name}-failure`).catch(() => '(no screenshot)'), wb.saveConsole(name));
    }
    console.error(`journey ${name} failed; see:\n  ${files.join('\n  ')}`);
    throw error;
  } finally {
    timings[name] = Date.now() - started;
    await wb?.close();
  }
}

before(async () => {
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (process.env.RUNLENS_E2E_KEEP !== '1') rmSync(join(e2eDir, 'workspaces', String(process.pid)), { recursive: true, force: true });
  writeFileSync(join(resultsDir, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
  console.log(`journey timings (ms): ${JSON.stringify(timings)}`);
});

describe('Runlens in VS Code (code-server), trusted workspace', () => {
  let server: CodeServer;
  let folder: string;

  before(async () => {
    folder = makeWorkspace('examples', workspaceFiles());
    const started = Date.now();
    server = await startCodeServer({ name: 'journeys', settings: { 'runlens.timeoutMs': TIMEOUT_MS } });
    timings['code-server start (install + serve)'] = Date.now() - started;
  });
  after(async () => {
    await server?.stop();
  });

  test('1. opening a file shows values at the ends of lines, with loop counts', JOURNEY_MS, async () => {
    await journey('values', server, folder, async (wb) => {
      await wb.openFile('loops.py');
      const opened = Date.now();
      assert.match(await wb.waitForInlayHint(/i: 0 … 9 ×10/, { line: 2, timeoutMs: FIRST_VALUES_MS }), /×10/);
      timings['values: open → first hints'] = Date.now() - opened;
      assert.match(await wb.waitForInlayHint(/total: 0 … 45 ×10/, { line: 3 }), /45/);
      assert.match(await wb.waitForInlayHint(/total = 0/, { line: 1 }), /total = 0/);
      const hints = await wb.inlayHints();
      assert.equal(hints.get(4), undefined, 'print(total) binds nothing: no hint');
      await wb.screenshot('values-loops');

      // The tour file, for the README: values, loop counts, returns and the exception at the end.
      await wb.openFile('tour.py');
      await wb.waitForInlayHint(/temperatures = \[21\.5/, { line: 30 });
      await wb.waitForInlayHint(/average = 22/, { line: 31 });
      await wb.waitForCodeLens(/2 calls · returned 22\.0 · raised ZeroDivisionError/);
      await wb.goToLine(1);
      await wb.waitForInlayHint(/total: 21\.5 … 88\.0 ×4/, { line: 7 });
      await wb.screenshot('values', 'values.png');
    });
  });

  test('2. editing a line updates the hints within the debounce plus the run time', JOURNEY_MS, async () => {
    await journey('edit', server, folder, async (wb) => {
      await wb.openFile('loops.py');
      await wb.waitForInlayHint(/i: 0 … 9 ×10/, { line: 2, timeoutMs: FIRST_VALUES_MS });
      await wb.replaceLine(2, 'for i in range(5):');
      const typed = Date.now();
      await wb.waitForInlayHint(/i: 0 … 4 ×5/, { line: 2, timeoutMs: 10_000 });
      await wb.waitForInlayHint(/total: 0 … 10 ×5/, { line: 3, timeoutMs: 5_000 });
      timings['edit: last keystroke → new hints'] = Date.now() - typed;
      await wb.waitForNoInlayHint(/×10/, 5_000);
      await wb.screenshot('edit', 'edit.png');
    });
  });

  test('3. hovering a loop line shows its execution count and the values table', JOURNEY_MS, async () => {
    await journey('hover', server, folder, async (wb) => {
      await wb.openFile('loops.py');
      await wb.waitForInlayHint(/total: 0 … 45 ×10/, { line: 3, timeoutMs: FIRST_VALUES_MS });
      const header = await wb.hoverLine(2, /10 iterations/);
      assert.match(header, /10 iterations/);
      const body = await wb.hoverLine(3, /10/);
      assert.match(body, /\b10\b/, 'the execution count');
      assert.match(body, /45/, 'the last value of total in the table');
      assert.match(body, /total/, 'the table names the variable');
      await wb.screenshot('hover', 'hover.png');
    });
  });

  test('4. the function code lens shows calls and the path; clicking it opens the coloured trace view', JOURNEY_MS, async () => {
    await journey('lens-trace', server, folder, async (wb) => {
      await wb.openFile('functions.py');
      const lens = await wb.waitForCodeLens(/2 calls · returned 120, 6/, FIRST_VALUES_MS);
      assert.match(lens, /paths?/);
      const path = await wb.waitForCodeLens(/^path 10 → .*13$/);
      assert.match(path, /×/, `the loop in the path is compressed: ${path}`);
      await wb.screenshot('lens', 'lens.png');
      await wb.clickCodeLens(/2 calls · returned 120, 6/);
      const trace = await wb.waitForTab(/trace/i);
      const text = await waitFor('trace view content', async () => {
        const shown = await wb.visibleText(trace.editor);
        return /fact|result/.test(shown) ? shown : undefined;
      });
      assert.match(text, /\d/, 'the trace lists line numbers');
      // Coloured by the grammar: several token colours, not one plain-text colour.
      const colours = await waitFor('trace view coloured', async () => {
        const found = await wb.tokenColours(trace.editor);
        return found.length >= 3 ? found : undefined;
      });
      assert.ok(colours.length >= 3, `token colours: ${colours.join(' ')}`);
      await wb.page.keyboard.press('Control+B'); // hide the side bar: room for both editors
      await wb.page.locator('#workbench\\.parts\\.sidebar').waitFor({ state: 'hidden', timeout: 5_000 });
      await wb.screenshot('lens-trace', 'lens-trace.png');
    });
  });

  test('5. "Predict output" on a function the file never calls shows the predicted result', JOURNEY_MS, async () => {
    await journey('predict', server, folder, async (wb) => {
      await wb.openFile('functions.py');
      await wb.waitForCodeLens(/never ran/, FIRST_VALUES_MS);
      const offered = await wb.runCodeAction(16, /Predict output.*unused\(4\)/i);
      assert.ok(offered.some((t) => /unused\(4\)/.test(t)), `offered: ${offered.join(' | ')}`);
      const prediction = await wb.waitForTab(/predict.*unused\(4\)/i, 20_000);
      const shown = await waitFor('the predicted result', async () => {
        const text = await wb.visibleText(prediction.editor);
        return /returned\s+8\b/.test(text) ? text : undefined;
      }, 20_000);
      assert.match(shown, /unused\(4\)/);
      await wb.screenshot('predict', 'predict.png');
    });
  });

  test('6. a `while True:` file shows partial values, says where it was stopped, and the editor stays responsive', JOURNEY_MS, async () => {
    await journey('timeout', server, folder, async (wb) => {
      await wb.openFile('forever.py');
      await wb.waitForInlayHint(/n = 0/, { line: 1, timeoutMs: FIRST_VALUES_MS + TIMEOUT_MS });
      const partial = await wb.waitForInlayHint(/n: 1 … \d+/, { line: 3 });
      assert.match(partial, /n: 1 … \d+/);
      const status = await wb.languageStatus(/timed out|stopped|time limit/i);
      assert.match(status, /line [23]\b/, `status says where: ${status}`);
      await wb.waitForCodeLens(/Stopped after .* at line [23]/);
      await wb.pinLanguageStatus(/stopped|timed out|time limit/i);
      await wb.screenshot('timeout', 'timeout.png');

      // Responsive: while the next run is busy, keystrokes still show in the editor at once.
      await wb.goToLine(3);
      await wb.page.keyboard.press('End');
      await wb.type(' # a');
      await wb.languageStatus(/running/i, 5_000);
      const before = Date.now();
      await wb.page.keyboard.type(' still typing');
      await waitFor('typed text rendered', async () => (await wb.visibleText()).includes('# a still typing'), 2_000);
      timings['timeout: keystrokes during a run → rendered'] = Date.now() - before;
    });
  });

  test('7. a file that raises shows the exception at its line and in the Problems panel', JOURNEY_MS, async () => {
    await journey('exception', server, folder, async (wb) => {
      await wb.openFile('raises.py');
      await wb.waitForInlayHint(/ZeroDivisionError: division by zero/, { line: 2, timeoutMs: FIRST_VALUES_MS });
      const rows = await wb.problems(/ZeroDivisionError: division by zero/);
      assert.ok(rows.some((r) => /ZeroDivisionError: division by zero.*Ln 2/.test(r)), `problems: ${rows.join(' | ')}`);
      await wb.screenshot('exception', 'exception.png');
    });
  });

  test('9. code that would delete a folder is blocked while typing, and says so at its line', JOURNEY_MS, async () => {
    await journey('guard', server, folder, async (wb) => {
      const build = join(folder, 'fixtures', 'build'); // the program runs in its own folder
      mkdirSync(build, { recursive: true });
      writeFileSync(join(build, 'keep.txt'), 'precious');
      await wb.openFile('fixtures/cleanup.py');
      await wb.waitForInlayHint(/note = 'blocked while typing'/, { line: 14, timeoutMs: FIRST_VALUES_MS });
      const rows = await wb.problems(/Runlens blocked this/);
      assert.ok(rows.some((r) => /would delete a folder tree.*Ln 6/.test(r)), `problems: ${rows.join(' | ')}`);
      assert.ok(existsSync(join(build, 'keep.txt')), 'the folder is still there');
      await wb.screenshot('guard', 'guard.png');
    });
  });
});

/** The newest Runlens language server process (the page opened last started it), or null. */
function newestRunlensServer(): { pid: number; startTicks: number } | null {
  return processesRunning(/runlens[^ ]*\/dist\/server\.js .*--node-ipc/).at(-1) ?? null;
}

describe('Runlens in VS Code (code-server), a server that is killed or stopped', () => {
  let server: CodeServer;
  let folder: string;

  before(async () => {
    folder = makeWorkspace('recovery-examples', workspaceFiles());
    server = await startCodeServer({ name: 'recovery', settings: { 'runlens.timeoutMs': TIMEOUT_MS } });
  });
  after(async () => {
    await server?.stop();
  });

  test('10. a server killed by SIGKILL, then one stopped by SIGSTOP, is restarted, the user told why, and values come back', JOURNEY_MS, async () => {
    await journey('recovery', server, folder, async (wb) => {
      await wb.openFile('loops.py');
      await wb.waitForInlayHint(/i: 0 … 9 ×10/, { line: 2, timeoutMs: FIRST_VALUES_MS });
      const first = newestRunlensServer();
      assert.ok(first, 'the Runlens server runs');

      process.kill(first.pid, 'SIGKILL');
      const killed = Date.now();
      await wb.notification(/The Runlens server was killed by SIGKILL; restarted\./);
      const second = await waitFor('a new Runlens server', async () => {
        const found = newestRunlensServer();
        return found && found.pid !== first.pid ? found : undefined;
      }, FIRST_VALUES_MS);
      await wb.replaceLine(2, 'for i in range(5):');
      await wb.waitForInlayHint(/i: 0 … 4 ×5/, { line: 2, timeoutMs: FIRST_VALUES_MS });
      timings['recovery: SIGKILL → values again'] = Date.now() - killed;

      process.kill(second.pid, 'SIGSTOP');
      const stopped = Date.now();
      // The liveness check asks every 5 s and waits 5 s for the answer.
      await wb.notification(/The Runlens server was stopped \(SIGSTOP or a similar signal\) and did not answer for \d+ s, so it was killed; restarted\./, 60_000);
      timings['recovery: SIGSTOP → noticed'] = Date.now() - stopped;
      assert.ok(!isRunning(second.pid, second.startTicks), 'the stopped server was killed');
      await wb.replaceLine(2, 'for i in range(3):');
      await wb.waitForInlayHint(/i: 0 … 2 ×3/, { line: 2, timeoutMs: FIRST_VALUES_MS });
      await wb.screenshot('recovery');
    });
  });
});

describe('Runlens in VS Code (code-server), untrusted workspace', () => {
  let server: CodeServer;
  let folder: string;

  before(async () => {
    folder = makeWorkspace('untrusted-examples', workspaceFiles());
    // Trust on and no start-up prompt: the folder opens in Restricted Mode, as it does for a user
    // who chose "Don't Trust".
    server = await startCodeServer({
      name: 'untrusted',
      settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' },
    });
  });
  after(async () => {
    await server?.stop();
  });

  test('8. an untrusted workspace shows no values, and the status item says why; trusting it starts runs', JOURNEY_MS, async () => {
    await journey('untrusted', server, folder, async (wb) => {
      await wb.page.locator('#workbench\\.parts\\.statusbar', { hasText: 'Restricted Mode' }).waitFor({ timeout: 20_000 });
      await wb.openFile('loops.py');
      const status = await wb.languageStatus(/untrusted/i, FIRST_VALUES_MS);
      assert.match(status, /Runlens/);
      // Nothing runs: no hint shows up in a window long enough for a run to have finished.
      const deadline = Date.now() + 3_000;
      while (Date.now() < deadline) {
        assert.equal((await wb.inlayHints()).size, 0, 'no values in an untrusted workspace');
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.deepEqual(await wb.codeLenses(), []);
      await wb.pinLanguageStatus(/untrusted/i);
      await wb.screenshot('untrusted', 'untrusted.png');

      // Granting trust starts runs without a reload.
      await wb.runCommand('Manage Workspace Trust');
      const trust = wb.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
      await trust.waitFor({ state: 'visible', timeout: 15_000 });
      await trust.click();
      await wb.page.locator('.tabs-container .tab[data-resource-name="loops.py"]').first().click();
      const trusted = Date.now();
      await wb.waitForInlayHint(/i: 0 … 9 ×10/, { line: 2, timeoutMs: FIRST_VALUES_MS });
      timings['untrusted: trust granted → values'] = Date.now() - trusted;
      await wb.screenshot('trusted-after-grant');
    });
  });
});
