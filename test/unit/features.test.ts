import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { inlayHints } from '../../server/src/features/inlayHints';
import { codeLenses, functionTitle } from '../../server/src/features/codeLens';
import { hover } from '../../server/src/features/hover';
import { diagnostics } from '../../server/src/features/diagnostics';
import { outputText, traceText } from '../../server/src/features/outputAndTraceText';
import { codeActionCommands } from '../../server/src/features/codeActions';
import { predictionComment } from '../../server/src/features/prediction';
import { runSummary } from '../../server/src/features/format';
import { splitLines } from '../../server/src/trace/lineMap';
import { TraceIndex } from '../../server/src/trace/traceIndex';
import { COMMANDS } from '../../shared/commands';
import { FUNCS_SOURCE, LOOPS_SOURCE, funcsTrace, loopsTrace, makeTrace, structureOf, viewOf } from './serverFixtures';

const labels = (hints: ReturnType<typeof inlayHints>) => hints.map((h) => [h.position.line, h.position.character, h.label]);

test('inlay hints: single values, loop ranges with counts, at the end of the line', () => {
  const hints = inlayHints(viewOf(loopsTrace(), LOOPS_SOURCE));
  assert.deepEqual(labels(hints), [
    [0, 9, 'total = 0'],
    [1, 19, 'i: 0 … 9 ×10'],
    [2, 14, 'total: 0 … 45 ×10'],
  ]);
  assert.ok(hints.every((h) => h.paddingLeft === true));
});

test('inlay hints: tooltip lists sampled executions as a table', () => {
  const [, loop] = inlayHints(viewOf(loopsTrace(), LOOPS_SOURCE));
  const tooltip = loop!.tooltip as { kind: string; value: string };
  assert.equal(tooltip.kind, 'markdown');
  assert.match(tooltip.value, /\| execution \| values \|/);
  assert.match(tooltip.value, /\| 1 \| `i = 0` \|/);
  assert.match(tooltip.value, /\| … \|/);
  assert.match(tooltip.value, /\| 10 \| `i = 9` \|/);
});

test('inlay hints: only within the requested range', () => {
  const hints = inlayHints(viewOf(loopsTrace(), LOOPS_SOURCE), { start: { line: 1, character: 0 }, end: { line: 1, character: 99 } });
  assert.deepEqual(labels(hints), [[1, 19, 'i: 0 … 9 ×10']]);
});

test('inlay hints: lower-bound counts and final values', () => {
  const trace = loopsTrace();
  trace.lines['3'] = { ...trace.lines['3']!, hits: 10000, exact: false, final: { total: '49995000' } };
  trace.loops[0] = { ...trace.loops[0]!, iterations: 10000, exact: false };
  const hints = inlayHints(viewOf(trace, LOOPS_SOURCE));
  assert.equal(hints[2]!.label, 'total: 0 … 49995000 ×10000+');
  assert.equal(hints[1]!.label, 'i: 0 … 9 ×10000+');
});

test('inlay hints: several names on a repeated line', () => {
  const source = 'for k in range(5):\n    a, b = k + 1, k * 2 + 1\n';
  const trace = makeTrace({
    lines: { '2': { hits: 5, exact: true, samples: [{ hit: 1, values: { a: '1', b: '2' } }, { hit: 5, values: { a: '5', b: '9' } }] } },
    structure: structureOf({ statements: [{ line: 2, endLine: 2, binds: ['a', 'b'] }] }),
  });
  assert.equal(inlayHints(viewOf(trace, source))[0]!.label, 'a: 1 … 5, b: 2 … 9 ×5');
});

test('inlay hints: returns, exceptions, settings turn kinds off', () => {
  const view = viewOf(funcsTrace(), FUNCS_SOURCE);
  assert.deepEqual(labels(inlayHints(view)), [
    [5, 18, '→ [3] (×2)'],
    [6, 16, '→ 2'],
    [13, 8, 'x = [3]'],
    [14, 5, 'ZeroDivisionError: division by zero'],
  ]);
  const off = viewOf(funcsTrace(), FUNCS_SOURCE, { inlayHints: { values: false, loops: true, returns: false, exceptions: true } });
  assert.deepEqual(labels(inlayHints(off)), [[14, 5, 'ZeroDivisionError: division by zero']]);
});

test('inlay hints: nothing on lines that did not run, hints follow edits, changed lines show nothing', () => {
  const view = viewOf(loopsTrace(), LOOPS_SOURCE);
  let doc = TextDocument.create('file:///x.py', 'python', 1, LOOPS_SOURCE);
  const apply = (range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string) => {
    doc = TextDocument.update(doc, [{ range, text }], doc.version + 1);
    view.currentLines = splitLines(doc.getText());
    view.map.applyEdit({ range, text }, view.currentLines);
  };
  apply({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# a comment\n'); // push everything down
  apply({ start: { line: 3, character: 14 }, end: { line: 3, character: 14 } }, ' * 2'); // change `total += i`
  assert.deepEqual(labels(inlayHints(view)), [[1, 9, 'total = 0'], [2, 19, 'i: 0 … 9 ×10']]);
});

test('code lenses: status, output/trace, functions, never ran, loops', () => {
  const lenses = codeLenses(viewOf(funcsTrace(), FUNCS_SOURCE));
  const titles = lenses.map((l) => [l.range.start.line, l.command!.title, l.command!.command]);
  assert.deepEqual(titles, [
    [0, 'Raised ZeroDivisionError at line 15', COMMANDS.showOutput],
    [0, 'Show output', COMMANDS.showOutput],
    [0, 'Show trace', COMMANDS.showTrace],
    [0, '3 calls · returned 2, [2], [3] · 2 paths', COMMANDS.showTrace],
    [0, 'path 5 → 6', COMMANDS.showTrace],
    [8, 'never ran · Predict output…', COMMANDS.predictCall],
  ]);
  const loops = codeLenses(viewOf(loopsTrace(), LOOPS_SOURCE)).map((l) => [l.range.start.line, l.command!.title]);
  assert.deepEqual(loops, [[0, 'Ran in 42 ms · 1 line of output'], [0, 'Show output'], [0, 'Show trace'], [1, '10 iterations']]);
});

test('function title and compressed path', () => {
  const fn = { name: 'f', line: 1, endLine: 8, calls: 1, exact: true, returns: [{ repr: '6', call: 1 }],
    callSamples: [], paths: [{ lines: [2, 3, 4, 5, 4, 5, 4, 5, 7], count: 1, truncated: false }], pathsTruncated: false };
  assert.equal(functionTitle(fn), '1 call · returned 6 · 1 path');
  const lenses = codeLenses(viewOf(makeTrace({ functions: [fn] }), 'def f():\n' + 'x\n'.repeat(8)));
  assert.equal(lenses.find((l) => l.command!.title.startsWith('path'))!.command!.title, 'path 2 → 3 → (4 → 5)×3 → 7');
});

test('run summaries', () => {
  assert.equal(runSummary(makeTrace({ status: 'timeout', stoppedBy: { limit: 'time', message: 'x', line: 12 } })), 'Stopped after 5 s at line 12');
  assert.equal(runSummary(makeTrace({ status: 'syntax-error', syntaxError: { message: 'invalid syntax', line: 3, column: 4 } })), 'Syntax error at line 3');
  assert.equal(runSummary(makeTrace({ stdout: 'a\nb\nc\n' })), 'Ran in 42 ms · 3 lines of output');
});

test('hover: counts, loop iterations, values table; calls table on a def line', () => {
  const loops = viewOf(loopsTrace(), LOOPS_SOURCE);
  const header = hover(loops, 1)!.contents as { value: string };
  assert.match(header.value, /ran 11 times · 10 iterations/);
  assert.match(header.value, /\| 2 \| `i = 1` \|/);
  const funcs = viewOf(funcsTrace(), FUNCS_SOURCE);
  const def = (hover(funcs, 0)!.contents as { value: string }).value;
  assert.match(def, /\| call \| arguments \| result \|/);
  assert.match(def, /\| 2 \| `f\(n=2\)` \| `\[2\]` \|/);
  assert.match((hover(funcs, 9)!.contents as { value: string }).value, /Never ran/);
  assert.equal(hover(funcs, 7), null); // blank line
});

test('diagnostics: exception with traceback frames, syntax error, timeout', () => {
  const [d] = diagnostics(viewOf(funcsTrace(), FUNCS_SOURCE));
  assert.equal(d!.message, 'ZeroDivisionError: division by zero');
  assert.equal(d!.severity, 1);
  assert.equal(d!.source, 'runlens');
  assert.deepEqual(d!.range, { start: { line: 14, character: 0 }, end: { line: 14, character: 5 } });
  assert.equal(d!.relatedInformation!.length, 1);
  const syntax = diagnostics(viewOf(makeTrace({ status: 'syntax-error', syntaxError: { message: 'invalid syntax', line: 2, column: 3 } }), 'a\nb c d\n'));
  assert.equal(syntax[0]!.range.start.line, 1);
  const timeout = diagnostics(viewOf(makeTrace({ status: 'timeout', stoppedBy: { limit: 'time', message: 'Stopped after 5 s (time limit)', line: 2 } }), 'a\nb\n'));
  assert.equal(timeout[0]!.severity, 2);
  assert.equal(timeout[0]!.range.start.line, 1);
});

test('views: output as a terminal shows it, trace one step per line', () => {
  const view = viewOf(loopsTrace(), LOOPS_SOURCE);
  assert.equal(outputText(view.index), '45\n');
  const lines = traceText(view.index, 'loops.py').split('\n');
  assert.equal(lines[0], '# loops.py · 23 steps');
  const row = (n: string, src: string, values: string) => `${n.padStart(4)} │ ${src.padEnd(40)}  ${values}`;
  assert.equal(lines[1], row('1', 'total = 0', 'total = 0'));
  assert.equal(lines[2], row('2', 'for i in range(10):', 'i = 0'));
  assert.equal(lines[5], row('3', '    total += i', 'total = 1'));
  assert.equal(lines[7], row('3', '    total += i', 'total = 3'));
  assert.equal(lines[9], '   3 │     total += i'); // execution 4 was not sampled
  const funcs = viewOf(funcsTrace(), FUNCS_SOURCE);
  assert.match(outputText(funcs.index), /ZeroDivisionError: division by zero\n$/);
});

test('the prediction comment goes after the line, replacing an earlier one', () => {
  assert.deepEqual(predictionComment('f(3)', '6'), { start: 4, text: '  # → 6' });
  assert.deepEqual(predictionComment('f(3)  # → 5', '6'), { start: 4, text: '  # → 6' });
  assert.deepEqual(predictionComment('f(3)', 'a\nb'), { start: 4, text: '  # → a b' });
});

test('code actions: predict with a doctest call, predict file, insert prediction, from the structure', () => {
  const view = viewOf(funcsTrace(), FUNCS_SOURCE);
  const at = (line: number) => codeActionCommands(view.uri, view, line);
  const inFunction = at(5);
  assert.deepEqual(inFunction.map((c) => c.title), ['Predict output: f(3)', 'Predict output of this file']);
  assert.deepEqual(inFunction[0]!.arguments, [{ uri: view.uri, line: 0, call: 'f(3)' }]);
  assert.deepEqual(at(2).map((c) => c.command), [COMMANDS.predictCall, COMMANDS.predictFile, COMMANDS.insertPrediction], 'a doctest line');
  assert.deepEqual(at(1).map((c) => c.command), [COMMANDS.predictCall, COMMANDS.predictFile], 'a docstring line is no expression to insert after');
  assert.deepEqual(at(11).map((c) => c.title), ['Predict output of this file', 'Insert predicted output as comment'], 'an expression statement');
  assert.deepEqual(at(13).map((c) => c.title), ['Predict output of this file'], 'an assignment');
  const noDoctest = at(9);
  assert.deepEqual(noDoctest[0]!.arguments, [{ uri: view.uri, line: 8 }]);
  assert.equal(noDoctest[0]!.title, 'Predict output…');
});

test('code actions: nothing structural where the latest trace cannot speak for the line', () => {
  assert.deepEqual(codeActionCommands('file:///tmp/x.py', null, 5), [], 'never ran: no guessing from the text');
  const view = viewOf(funcsTrace(), FUNCS_SOURCE);
  // Edit line 6 (`return [n]`) and line 12 (`f(1)`): they changed since the run.
  const lines = splitLines(FUNCS_SOURCE);
  lines[5] = '        return [n, n]';
  lines[11] = 'f(10)';
  view.currentLines = lines;
  view.map.applyEdit({ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 99 } }, text: lines[5]! }, lines);
  view.map.applyEdit({ range: { start: { line: 11, character: 0 }, end: { line: 11, character: 99 } }, text: lines[11]! }, lines);
  assert.deepEqual(codeActionCommands(view.uri, view, 5).map((c) => c.title), ['Predict output of this file']);
  assert.deepEqual(codeActionCommands(view.uri, view, 11).map((c) => c.title), ['Predict output of this file']);
  assert.equal(codeActionCommands(view.uri, view, 4)[0]!.title, 'Predict output: f(3)', 'an unchanged line of the same function still knows it');
});

test('functions the trace lacks come from its structure, as never called', () => {
  const trace = funcsTrace();
  trace.functions = trace.functions.filter((f) => f.name !== 'g');
  const index = new TraceIndex(trace, FUNCS_SOURCE, 1);
  assert.deepEqual(index.functions.map((f) => [f.name, f.line, f.endLine, f.calls]), [['f', 1, 7, 3], ['g', 9, 10, 0]]);
  assert.equal(index.definitionContaining(10)!.name, 'g');
  assert.equal(index.definitionContaining(11), undefined, 'module level');
  const noStructure = new TraceIndex(makeTrace({ structure: null }), 'def a():\n    pass\n', 1);
  assert.deepEqual(noStructure.functions, [], 'no structure: nothing guessed from the text');
});

test('diagnostics: side effects the guard blocked, once per line', () => {
  const source = 'import os\ntry:\n    os.remove("data.csv")\nexcept OSError:\n    pass\nopen("out.txt", "w")\n';
  const blocked = [
    { what: 'delete a file', detail: "os.remove 'data.csv', -1", line: 3 },
    { what: 'write to a file', detail: "'out.txt'", line: 6 },
  ];
  const exception = { type: 'PermissionError', message: 'Runlens blocked this …', line: 6, frames: [{ line: 6, function: '<module>' }], traceback: '' };
  const found = diagnostics(viewOf(makeTrace({ status: 'exception', guarded: true, blocked, exception }), source));
  assert.deepEqual(found.map((d) => [d.range.start.line, d.code, d.severity]), [[5, 'PermissionError', 1], [2, 'blocked', 2]]);
  assert.match(String(found[1]!.message), /^Runlens blocked this while you typed: it would delete a file \(os\.remove 'data\.csv', -1\)/);
});

test('diagnostics: the same operation blocked many times at one line is one warning with a count', () => {
  const source = 'import os\nfor name in names:\n    os.remove(name)\nos.remove("x")\n';
  const blocked = [
    ...Array.from({ length: 5 }, () => ({ what: 'delete a file', detail: "os.remove 'a.csv'", line: 3 })),
    { what: 'delete a file', detail: "os.remove 'b.csv'", line: 3 },
    { what: 'delete a file', detail: "os.remove 'x'", line: 4 },
  ];
  const found = diagnostics(viewOf(makeTrace({ guarded: true, blocked }), source));
  assert.deepEqual(found.map((d) => [d.range.start.line, d.code]), [[2, 'blocked'], [3, 'blocked']]);
  assert.equal(found[0]!.message, "Runlens blocked this 6 times while you typed: it would delete a file (os.remove 'a.csv', and 1 more). Runlens: Run Now runs it unguarded.");
  assert.equal(found[1]!.message, "Runlens blocked this while you typed: it would delete a file (os.remove 'x'). Runlens: Run Now runs it unguarded.");
});

test('names and messages a program makes up reach summaries, lenses, hints and diagnostics on one line, control characters escaped', () => {
  const source = 'class Bad(Exception): pass\ndef f():\n    raise Bad()\nf()\n';
  const type = '\x1b[31mBad\n\u202e';
  const exception = { type, message: 'line one\r\nline\ttwo\x07', line: 3, frames: [{ line: 4, function: '<module>' }, { line: 3, function: 'f' }], traceback: '' };
  const trace = makeTrace({
    status: 'exception',
    exception,
    functions: [{ name: 'f', line: 2, endLine: 3, calls: 1, exact: true, returns: [], callSamples: [{ call: 1, args: {}, exception: { type, message: '' } }], paths: [], pathsTruncated: false }],
    lines: { '3': { hits: 1, exact: true, samples: [] } },
  });
  const view = viewOf(trace, source);
  const escapedType = '\\x1b[31mBad\\n\\u202e';
  assert.equal(runSummary(trace), `Raised ${escapedType} at line 3`);
  assert.equal(functionTitle(trace.functions[0]!), `1 call · raised ${escapedType}`);
  const diagnostic = diagnostics(view).find((d) => d.severity === 1)!;
  const message = String(diagnostic.message);
  assert.equal(message, `${escapedType}: line one\\r\\nline\\ttwo\\x07`);
  assert.equal(diagnostic.code, escapedType);
  assert.deepEqual(labels(inlayHints(view)).map(([, , label]) => label), [`${escapedType}: line one`], "the message's first line");
  for (const text of [runSummary(trace), message]) assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u202e]/);
});

test('a very long message is cut for a summary or diagnostic, and says so', () => {
  const exception = { type: 'ValueError', message: 'x'.repeat(20 * 1024 * 1024), line: 1, frames: [{ line: 1, function: '<module>' }], traceback: '' };
  const [diagnostic] = diagnostics(viewOf(makeTrace({ status: 'exception', exception }), 'raise ValueError("x" * 20971520)\n'));
  const message = String(diagnostic!.message);
  assert.ok(message.length <= 500, `${message.length} characters`);
  assert.match(message, /^ValueError: x+…$/);
});

test('a crash by a signal: the summary says which, at its line, and it is an error diagnostic there', () => {
  const source = 'import ctypes\nx = 1\nctypes.string_at(0)\n';
  const exact = makeTrace({ status: 'killed', crash: { signal: 'SIGSEGV', message: 'Crashed: segmentation fault (SIGSEGV)', line: 3, lineIsExact: true } });
  assert.equal(runSummary(exact), 'Crashed: segmentation fault (SIGSEGV) at line 3');
  const view = viewOf(exact, source);
  assert.deepEqual(diagnostics(view).map((d) => [d.range.start.line, d.code, d.severity, d.message]), [[2, 'SIGSEGV', 1, 'Crashed: segmentation fault (SIGSEGV) at this line']]);
  assert.match(outputText(view.index), /\[runlens\] Crashed: segmentation fault \(SIGSEGV\) at line 3\n$/);

  const seen = makeTrace({ status: 'killed', crash: { signal: 'SIGKILL', message: 'Killed (SIGKILL, perhaps out of memory)', line: 2, lineIsExact: false } });
  assert.equal(runSummary(seen), 'Killed (SIGKILL, perhaps out of memory) after line 2');
  assert.deepEqual(diagnostics(viewOf(seen, source)).map((d) => [d.range.start.line, d.message]), [[1, 'Killed (SIGKILL, perhaps out of memory) after this line ran']]);

  const nowhere = makeTrace({ status: 'killed', crash: { signal: 'SIGBUS', message: 'Crashed: bus error (SIGBUS)', line: null, lineIsExact: false } });
  assert.equal(runSummary(nowhere), 'Crashed: bus error (SIGBUS)');
  assert.deepEqual(diagnostics(viewOf(nowhere, source)).map((d) => [d.range.start.line, d.code]), [[0, 'SIGBUS']], 'on the first line, with the summary');
});

test('a prediction comment stays on its line whatever the value holds', () => {
  assert.equal(predictionComment('f(1)', "'a\\rb'\u2028x\x1b").text, "  # → 'a\\rb'\\u2028x\\x1b");
});
