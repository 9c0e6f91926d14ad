import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RestartQueue } from '../../client/src/restartQueue';

/** A restart task whose runs finish only when the test says so. */
function controlled() {
  const runs: { reasons: string[]; finish: (error?: Error) => void }[] = [];
  let active = 0;
  let maxActive = 0;
  const task = (reasons: string[]) =>
    new Promise<void>((resolve, reject) => {
      active++;
      maxActive = Math.max(maxActive, active);
      runs.push({
        reasons,
        finish: (error) => {
          active--;
          if (error) reject(error);
          else resolve();
        },
      });
    });
  return { runs, task, maxActive: () => maxActive };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('RestartQueue', () => {
  test('runs one restart at a time and folds requests made meanwhile into one follow-up', async () => {
    const c = controlled();
    const queue = new RestartQueue(c.task);
    const first = queue.request('interpreter changed');
    await tick();
    assert.equal(c.runs.length, 1);
    const second = queue.request('runlens.cwd changed');
    const third = queue.request('trust granted');
    const again = queue.request('runlens.cwd changed');
    await tick();
    assert.equal(c.runs.length, 1, 'nothing starts while a restart runs');
    c.runs[0]!.finish();
    await first;
    await tick();
    assert.equal(c.runs.length, 2);
    assert.deepEqual(c.runs[1]!.reasons, ['runlens.cwd changed', 'trust granted']);
    c.runs[1]!.finish();
    await Promise.all([second, third, again]);
    assert.equal(c.maxActive(), 1);
    assert.equal(queue.busy, false);
  });

  test('a failed restart is reported and does not block the next one', async () => {
    const c = controlled();
    const errors: string[] = [];
    const queue = new RestartQueue(c.task, (error) => errors.push((error as Error).message));
    const first = queue.request('a');
    await tick();
    c.runs[0]!.finish(new Error('boom'));
    await first; // resolves, never rejects
    assert.deepEqual(errors, ['boom']);
    const second = queue.request('b');
    await tick();
    c.runs[1]!.finish();
    await second;
    assert.equal(c.runs.length, 2);
  });

  test('dispose drops the waiting request and refuses new ones', async () => {
    const c = controlled();
    const queue = new RestartQueue(c.task);
    void queue.request('a');
    await tick();
    const waiting = queue.request('b');
    queue.dispose();
    await waiting;
    c.runs[0]!.finish();
    await queue.request('c');
    await tick();
    assert.equal(c.runs.length, 1);
  });
});
