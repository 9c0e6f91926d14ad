// The client's recovery from a server that was killed or stopped: what the user is told, how an
// unanswered liveness check is judged (only a server stopped by a signal is killed, never a busy
// one), and ending what a dead server's runs left behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { killServerLeftovers, SERVER_ID_VARIABLE } from '../../client/src/leftovers';
import { LivenessWatch, type LivenessDeps } from '../../client/src/liveness';
import { gaveUpMessage, processState, restartedMessage, verdict } from '../../client/src/serverHealth';
import { isRunning, newTag, taggedProcesses, TEST_TAG_VARIABLE, waitUntil, waitUntilGone } from '../helpers/processes';

describe('what the user is told', () => {
  test('a server killed by a signal, or that exited, is restarted, saying why', () => {
    assert.equal(restartedMessage({ kind: 'exited', exit: { code: null, signal: 'SIGKILL' } }), 'The Runlens server was killed by SIGKILL; restarted.');
    assert.equal(restartedMessage({ kind: 'exited', exit: { code: 1, signal: null } }), 'The Runlens server exited with code 1; restarted.');
    assert.equal(restartedMessage({ kind: 'exited', exit: null }), 'The Runlens server stopped unexpectedly; restarted.');
  });

  test('a stopped server is killed and restarted, saying so', () => {
    assert.equal(
      restartedMessage({ kind: 'stopped', silentMs: 10_200 }),
      'The Runlens server was stopped (SIGSTOP or a similar signal) and did not answer for 10 s, so it was killed; restarted.',
    );
  });

  test('when the crash budget is spent: why, how often, and that it stays down', () => {
    assert.equal(gaveUpMessage({ kind: 'exited', exit: { code: null, signal: 'SIGSEGV' } }, 5), 'The Runlens server was killed by SIGSEGV, for the 5th time in 3 minutes; it was not restarted.');
    assert.match(gaveUpMessage({ kind: 'exited', exit: null }, 2), /for the 2nd time/);
  });
});

describe('judging an unanswered check', () => {
  test("the state letter of a /proc stat line, whatever the command's name holds", () => {
    assert.equal(processState('1234 (node) T 1 1234 1234 0 -1'), 'T');
    assert.equal(processState('1234 (a) b (c)) S 1 1234 1234 0 -1'), 'S');
    assert.equal(processState(null), null);
    assert.equal(processState('garbage'), null);
  });

  test('only a server stopped by a signal is killed: busy, in a debugger or unknown is waited for', () => {
    assert.equal(verdict(true, 'T'), 'alive');
    assert.equal(verdict(false, 'T'), 'stopped');
    for (const state of ['R', 'S', 'D', 't', null]) assert.equal(verdict(false, state), 'unresponsive', String(state));
  });
});

/** A liveness watch on a manual clock, with a server whose answers and state the test sets. */
function watched() {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  const pings: { answer: () => void }[] = [];
  const world = {
    state: 'S' as string | null,
    stopped: [] as number[],
    logs: [] as string[],
    pings,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.run();
      }
      now = end;
    },
  };
  const deps: LivenessDeps = {
    ping: () => new Promise((resolve) => pings.push({ answer: () => resolve(null) })),
    state: () => world.state,
    onStopped: (silentMs) => world.stopped.push(silentMs),
    log: (message) => world.logs.push(message),
    after: (ms, run) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
    now: () => now,
  };
  return { world, watch: new LivenessWatch(deps, 5_000, 5_000) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('the liveness watch', () => {
  test('a server that answers is asked again every interval, and nothing else happens', async () => {
    const { world, watch } = watched();
    watch.start();
    world.advance(5_000);
    assert.equal(world.pings.length, 1);
    world.pings[0]!.answer();
    await settled();
    world.advance(5_000);
    assert.equal(world.pings.length, 2);
    assert.deepEqual([world.stopped, world.logs], [[], []]);
    watch.stop();
  });

  test('a stopped server is reported once its answer is late', () => {
    const { world, watch } = watched();
    world.state = 'T';
    watch.start();
    world.advance(5_000);
    world.advance(4_999);
    assert.deepEqual(world.stopped, []);
    world.advance(1);
    assert.deepEqual(world.stopped, [5_000]);
    world.advance(60_000);
    assert.equal(world.stopped.length, 1, 'reported once; the watch stops');
  });

  test('a busy server is logged, not killed; stopped later, it is; answering, it is fine again', async () => {
    const { world, watch } = watched();
    watch.start();
    world.advance(10_000);
    assert.deepEqual(world.stopped, []);
    assert.match(world.logs[0] ?? '', /has not answered for 5 s \(process state S\); waiting/);
    world.advance(20_000);
    assert.equal(world.logs.length, 1, 'said once');
    world.pings[0]!.answer();
    await settled();
    assert.match(world.logs[1] ?? '', /answers again after 25 s/);

    world.advance(10_000);
    world.state = 'T';
    world.advance(5_000);
    assert.equal(world.stopped.length, 1);
    watch.stop();
  });
});

describe("what a dead server's runs left behind", () => {
  if (process.platform === 'linux') test('every process carrying the server id ends, even one that left the session; others are left alone', async () => {
    const id = randomUUID();
    const tag = newTag();
    const script = 'import os, subprocess, sys, time\nsubprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"], start_new_session=True)\nprint(os.getpid(), flush=True)\ntime.sleep(3600)\n';
    const marked = spawn('python3', ['-c', script], { env: { ...process.env, [SERVER_ID_VARIABLE]: id, [TEST_TAG_VARIABLE]: tag }, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    const other = spawn('python3', ['-c', 'import time; time.sleep(3600)'], { env: { ...process.env, [SERVER_ID_VARIABLE]: randomUUID() }, stdio: 'ignore' });
    try {
      await new Promise((resolve) => marked.stdout!.once('data', resolve));
      let killed = 0;
      await waitUntil(() => (killed += killServerLeftovers(id)) >= 2, 'the parent and its session-leaving child are found');
      await waitUntilGone(() => [marked.pid!, ...taggedProcesses(tag)], 'process carrying the server id');
      assert.ok(isRunning(other.pid!), "another server's process is left alone");
    } finally {
      marked.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  });
});
