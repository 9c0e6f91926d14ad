import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineMap, splitLines, type LineEdit } from '../../server/src/trace/lineMap';

/** Apply edits to a document and a line map together, as the server does. */
function edit(text: string, edits: LineEdit[]): { map: LineMap; lines: string[] } {
  const map = new LineMap(splitLines(text));
  let doc = TextDocument.create('file:///x.py', 'python', 1, text);
  for (const e of edits) {
    doc = TextDocument.update(doc, [e.range ? { range: e.range, text: e.text } : { text: e.text }], doc.version + 1);
    map.applyEdit(e, splitLines(doc.getText()));
  }
  return { map, lines: splitLines(doc.getText()) };
}
const at = (line: number, character: number) => ({ line, character });
const SOURCE = 'a = 1\nb = 2\nc = 3\nd = 4\n';

test('identity before any edit', () => {
  const { map, lines } = edit(SOURCE, []);
  assert.deepEqual(lines.map((_, i) => [map.toTraced(i), map.toCurrent(i)]), lines.map((_, i) => [i, i]));
});

test('typing inside a line unmaps only that line', () => {
  const { map } = edit(SOURCE, [{ range: { start: at(1, 5), end: at(1, 5) }, text: '0' }]);
  assert.equal(map.toTraced(0), 0);
  assert.equal(map.toTraced(1), null);
  assert.equal(map.toTraced(2), 2);
  assert.equal(map.toCurrent(1), null);
});

test('Enter at the end of a line moves the lines below, keeps the line', () => {
  const { map, lines } = edit(SOURCE, [{ range: { start: at(0, 5), end: at(0, 5) }, text: '\n' }]);
  assert.deepEqual(lines.slice(0, 3), ['a = 1', '', 'b = 2']);
  assert.equal(map.toTraced(0), 0);
  assert.equal(map.toTraced(1), null);
  assert.equal(map.toCurrent(1), 2);
  assert.equal(map.toCurrent(3), 4);
});

test('Enter at the start of a line keeps that line, moved down', () => {
  const { map } = edit(SOURCE, [{ range: { start: at(2, 0), end: at(2, 0) }, text: '\n' }]);
  assert.equal(map.toTraced(2), null);
  assert.equal(map.toCurrent(2), 3);
});

test('deleting lines removes their mapping and moves the rest up', () => {
  const { map } = edit(SOURCE, [{ range: { start: at(1, 0), end: at(3, 0) }, text: '' }]);
  assert.equal(map.toCurrent(1), null);
  assert.equal(map.toCurrent(2), null);
  assert.equal(map.toCurrent(3), 1);
  assert.equal(map.toCurrent(0), 0);
});

test('pasting several lines in the middle', () => {
  const { map } = edit(SOURCE, [{ range: { start: at(2, 0), end: at(2, 0) }, text: 'x = 9\ny = 8\n' }]);
  assert.equal(map.toCurrent(2), 4);
  assert.equal(map.toTraced(2), null);
  assert.equal(map.toTraced(3), null);
});

test('typing then undoing by hand keeps the line unmapped (changed since the run)', () => {
  const { map } = edit(SOURCE, [
    { range: { start: at(0, 5), end: at(0, 5) }, text: '0' },
    { range: { start: at(0, 5), end: at(0, 6) }, text: '' },
  ]);
  assert.equal(map.toTraced(0), null);
  assert.equal(map.toTraced(1), 1);
});

test('a full-text change keeps the unchanged prefix and suffix', () => {
  const { map } = edit(SOURCE, [{ text: 'a = 1\nB = 20\nc = 3\nd = 4\n' }]);
  assert.equal(map.toTraced(0), 0);
  assert.equal(map.toTraced(1), null);
  assert.equal(map.toTraced(2), 2);
  assert.equal(map.toTraced(3), 3);
});
