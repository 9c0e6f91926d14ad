// Integration tests inside the VS Code extension host (mocha, tdd UI), run by @vscode/test-cli with
// .vscode-test.mjs: `npm run test:vscode`. They ask VS Code itself for what the editor would show,
// through the same provider commands the editor uses. Named *.vscode.ts so that the node test
// runner and esbuild.mjs (which take *.test.ts) never pick them up; .vscode-test.mjs bundles them.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'runlens.runlens';
const examples = path.resolve(__dirname, '../../../examples');
/** First run: server start, interpreter discovery, the run itself. */
const FIRST_RUN_MS = 30_000;

async function waitFor<T>(what: string, probe: () => Thenable<T | undefined> | T | undefined, timeoutMs = FIRST_RUN_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(examples, name)));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function labelText(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

function wholeRange(doc: vscode.TextDocument): vscode.Range {
  return new vscode.Range(0, 0, doc.lineCount, 0);
}

/** Inlay hints of the document, by 0-based line, once one matching `until` is there. */
async function hintsWhen(doc: vscode.TextDocument, until: RegExp): Promise<Map<number, string[]>> {
  return waitFor(`an inlay hint ${until} in ${path.basename(doc.fileName)}`, async () => {
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, wholeRange(doc));
    if (!hints?.some((h) => until.test(labelText(h)))) return undefined;
    const byLine = new Map<number, string[]>();
    for (const h of hints) byLine.set(h.position.line, [...(byLine.get(h.position.line) ?? []), labelText(h)]);
    return byLine;
  });
}

async function lensTitles(doc: vscode.TextDocument, until: RegExp): Promise<Array<{ line: number; title: string }>> {
  return waitFor(`a code lens ${until}`, async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    const titles = (lenses ?? []).map((l) => ({ line: l.range.start.line, title: l.command?.title ?? '' }));
    return titles.some((t) => until.test(t.title)) ? titles : undefined;
  });
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

suite('Runlens in the VS Code extension host', () => {
  suiteSetup(async function () {
    this.timeout(FIRST_RUN_MS * 2);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    await open('loops.py'); // activation event: onLanguage:python
    await waitFor('activation', () => (ext.isActive ? true : undefined));
  });

  test('inlay hints: values at the ends of lines, with loop counts', async () => {
    const doc = await open('loops.py');
    const hints = await hintsWhen(doc, /×10/);
    assert.deepEqual(hints.get(0), ['total = 0']);
    assert.ok(hints.get(1)?.some((h) => /i: 0 … 9 ×10/.test(h)), `line 2: ${hints.get(1)}`);
    assert.ok(hints.get(2)?.some((h) => /total: 0 … 45 ×10/.test(h)), `line 3: ${hints.get(2)}`);
    assert.equal(hints.get(3), undefined, 'print(total) binds nothing');
  });

  test('inlay hints: the exception at the line that raised it, and a diagnostic', async () => {
    const doc = await open('raises.py');
    const hints = await hintsWhen(doc, /ZeroDivisionError/);
    assert.ok(hints.get(1)?.some((h) => /ZeroDivisionError: division by zero/.test(h)), `line 2: ${hints.get(1)}`);
    const diagnostics = await waitFor('the diagnostic', () => {
      const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => /ZeroDivisionError/.test(d.message));
      return found.length ? found : undefined;
    });
    assert.equal(diagnostics[0]!.range.start.line, 1);
    assert.equal(diagnostics[0]!.severity, vscode.DiagnosticSeverity.Error);
  });

  test('code lenses: run summary, calls and path of a function, a function that never ran', async () => {
    const doc = await open('functions.py');
    const titles = await lensTitles(doc, /2 calls/);
    const at = (line: number) => titles.filter((t) => t.line === line).map((t) => t.title);
    assert.ok(at(0).some((t) => /^Ran in \d+ ms/.test(t)), `first line: ${at(0)}`);
    assert.ok(at(8).some((t) => /^2 calls · returned 120, 6/.test(t)), `def fact: ${at(8)}`);
    assert.ok(at(8).some((t) => /^path 10 → .*×.*13$/.test(t)), `def fact path: ${at(8)}`);
    assert.ok(at(15).some((t) => /never ran/.test(t)), `def unused: ${at(15)}`);
    assert.ok(at(10).some((t) => /^\d+ iterations?$/.test(t)), `the loop: ${at(10)}`);
  });

  test('hover: execution count and values table on a loop line', async () => {
    const doc = await open('loops.py');
    await hintsWhen(doc, /×10/);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 6)));
    assert.match(text, /10/);
    assert.match(text, /total = 45/);
    const header = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 1)));
    assert.match(header, /10 iterations/);
  });

  test('code actions: Predict output on a function the file never calls', async () => {
    const doc = await open('functions.py');
    await lensTitles(doc, /never ran/);
    const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
      'vscode.executeCodeActionProvider', doc.uri, new vscode.Range(15, 0, 15, 0),
    );
    const titles = (actions ?? []).map((a) => a.title);
    assert.ok(titles.some((t) => /Predict output.*unused\(4\)/i.test(t)), `actions: ${titles.join(' | ')}`);
  });
});
