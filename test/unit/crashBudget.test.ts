import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrashBudget } from '../../client/src/crashBudget';

test('restarts a few crashes in the window, then gives up; old crashes and reset() are forgotten', () => {
  let now = 0;
  const budget = new CrashBudget(2, 1000, () => now);
  assert.deepEqual(budget.crashed(), { restart: true, crashes: 1 });
  now = 100;
  assert.deepEqual(budget.crashed(), { restart: true, crashes: 2 });
  now = 200;
  assert.deepEqual(budget.crashed(), { restart: false, crashes: 3 });
  now = 5000; // all earlier crashes are outside the window
  assert.deepEqual(budget.crashed(), { restart: true, crashes: 1 });
  budget.crashed();
  budget.reset();
  assert.deepEqual(budget.crashed(), { restart: true, crashes: 1 });
});
