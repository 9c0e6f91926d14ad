// The run queue on its own: one job per key (a newer one cancels the older, saying why), a limit
// over all keys, dropped jobs settle, and a job that throws is reported rather than swallowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunQueue } from '../../server/src/scheduling/queue';

/** A job that runs until the test ends it, recording the reason it was cancelled for. */
function heldJob(log: string[], name: string) {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const job = async (signal: AbortSignal) => {
    log.push(`start ${name}`);
    signal.addEventListener('abort', () => {
      log.push(`abort ${name}: ${String(signal.reason)}`);
      end();
    });
    await ended;
  };
  return { job, end: () => end() };
}

test('a newer job for a key cancels the running one and starts after it ended; a queued one is dropped', async () => {
  const log: string[] = [];
  const queue = new RunQueue(1, () => undefined);
  const a = heldJob(log, 'a');
  const b = heldJob(log, 'b');
  const c = heldJob(log, 'c');
  const first = queue.submit('x', a.job);
  const blocked = queue.submit('y', b.job); // waits: the limit is 1
  const replacing = queue.submit('y', c.job); // drops b before it started
  await blocked;
  assert.deepEqual(log, ['start a']);
  a.end();
  await first;
  assert.deepEqual(log, ['start a', 'start c']);
  queue.cancel('y', 'the document was closed');
  await replacing;
  assert.deepEqual(log, ['start a', 'start c', 'abort c: the document was closed']);
  await queue.idle();
});

test('a job that throws is reported, and the queue goes on', async () => {
  const errors: string[] = [];
  const queue = new RunQueue(1, (key, error) => errors.push(`${key}: ${(error as Error).message}`));
  await queue.submit('x', async () => {
    throw new Error('boom');
  });
  let ran = false;
  await queue.submit('x', async () => {
    ran = true;
  });
  assert.deepEqual(errors, ['x: boom']);
  assert.ok(ran);
});
