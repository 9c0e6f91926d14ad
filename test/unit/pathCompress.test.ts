import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compressPath, formatPath, pathSummary } from '../../server/src/trace/pathCompress';

test('folds a loop body into (a → b)×n', () => {
  assert.equal(formatPath(compressPath([2, 3, 4, 5, 4, 5, 4, 5, 7])), '2 → 3 → (4 → 5)×3 → 7');
});

test('a one-line repetition shows as line×n', () => {
  assert.equal(formatPath(compressPath([1, 3, 3, 3, 3, 4])), '1 → 3×4 → 4');
});

test('a path without repetition is unchanged', () => {
  assert.equal(formatPath(compressPath([1, 2, 3])), '1 → 2 → 3');
  assert.equal(formatPath(compressPath([])), '');
});

test('nested loops fold inside the outer unit', () => {
  const path = [1];
  for (let i = 0; i < 3; i++) path.push(2, 3, 4, 3, 4);
  path.push(5);
  assert.equal(formatPath(compressPath(path)), '1 → (2 → (3 → 4)×2)×3 → 5');
});

test('a for loop header and body fold, the final header check stays', () => {
  const path = [1];
  for (let i = 0; i < 10; i++) path.push(2, 3);
  path.push(2, 4);
  assert.equal(formatPath(compressPath(path)), '1 → (2 → 3)×10 → 2 → 4');
});

test('summary marks truncated paths and cuts long ones', () => {
  assert.equal(pathSummary([1, 2], true), '1 → 2 → …');
  const long = Array.from({ length: 200 }, (_, i) => i + 1);
  const text = pathSummary(long, false, 40);
  assert.ok(text.length <= 45, text);
  assert.ok(text.endsWith('→ …'));
});

test('long repetitive paths compress quickly', () => {
  const path: number[] = [];
  for (let i = 0; i < 5000; i++) path.push(4, 5, 6);
  const started = Date.now();
  assert.equal(pathSummary(path), '(4 → 5 → 6)×1666 → 4 → 5 → …');
  assert.ok(Date.now() - started < 2000);
});
