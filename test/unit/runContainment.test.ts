// No process outlives its run: whatever a program starts (forked children, Popen children, daemons
// that left the session, a pty child ignoring SIGHUP, a bounded fork bomb) is gone once the run has
// ended normally, been cancelled or stopped by the time limit; and nothing they hold open (stdout,
// stderr, fd 3) keeps the run waiting. Every check reads /proc with a deadline (test/helpers/processes.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { listRunProcesses, parseProcessStat, type ProcessStat, type RunIdentity } from '../../server/src/run/processTree';
import { liveRunCount } from '../../server/src/run/containment';
import type { Trace } from '../../server/src/trace/types';
import { isRunning, newTag, reportedPids, startTicksOf, taggedProcesses, TEST_TAG_VARIABLE, waitUntil, waitUntilGone } from '../helpers/processes';
import { py, traceSource } from '../helpers/trace';
import { anyPython, removeScratch, scratch, withFakeTracer } from './runFixtures';

const python = anyPython();
after(removeScratch);
const linux = process.platform === 'linux';

/** A long-lived child: records its pid in $PIDS, ignores SIGTERM and SIGHUP, and sleeps for an hour. */
const STUBBORN = py`
  import os, signal, time
  signal.signal(signal.SIGTERM, signal.SIG_IGN)
  signal.signal(signal.SIGHUP, signal.SIG_IGN)
  with open(os.environ["PIDS"], "a") as f:
      f.write("%d\\n" % os.getpid())
  time.sleep(3600)
`;

/** Python defining `started(n)`: wait until $PIDS lists n processes. */
const WAIT_FOR_PIDS = py`
  import os, time
  def started(n):
      while True:
          try:
              with open(os.environ["PIDS"]) as f:
                  if len(f.read().split()) >= n:
                      return
          except OSError:
              pass
          time.sleep(0.01)
`;

/** A deadline for each run: a run that waits for what its children hold open fails here instead of hanging. */
const DEADLINE = { timeout: 60_000 };

let runs = 0;
interface Contained {
  trace: Trace;
  pids: number[];
  tag: string;
}

/** Run `source` (unguarded) with $PIDS and a test tag in its environment; returns the trace and the pids its processes reported. */
async function runProgram(source: string, options: Parameters<typeof traceSource>[2] = {}): Promise<Contained> {
  const tag = newTag();
  const pids = join(scratch(), `pids-${++runs}.txt`);
  const trace = await traceSource(python, source, {
    path: join(scratch(), `program-${runs}.py`),
    cwd: scratch(),
    ...options,
    env: { PIDS: pids, STUBBORN, [TEST_TAG_VARIABLE]: tag, ...options.env },
  });
  return { trace, pids: reportedPids(pids), tag };
}

async function assertNothingLeft({ pids, tag }: Contained, expected: number): Promise<void> {
  assert.equal(pids.length, expected, `the program reported ${expected} processes`);
  await waitUntilGone(() => [...pids, ...taggedProcesses(tag)], "process of the run");
}

// /proc is Linux's: elsewhere a run is contained by its process group only (docs/architecture.md).
if (linux) describe('every process of a run ends with it', () => {
  test('Popen children ignoring SIGTERM and holding stdout and stderr: the run ends with the program, and they end too', DEADLINE, async () => {
    const run = await runProgram(`${WAIT_FOR_PIDS}
import subprocess, sys
for _ in range(3):
    subprocess.Popen([sys.executable, "-c", os.environ["STUBBORN"]])
started(3)
print("done")
`);
    assert.equal(run.trace.status, 'ok', run.trace.stderr);
    assert.equal(run.trace.stdout, 'done\n');
    await assertNothingLeft(run, 3);
  });

  test('a child holding fd 3 open does not keep the run waiting, and ends', DEADLINE, async () => {
    const run = await runProgram(`${WAIT_FOR_PIDS}
import subprocess, sys
os.set_inheritable(3, True)
subprocess.Popen([sys.executable, "-c", os.environ["STUBBORN"]], close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
started(1)
print("done")
`);
    assert.equal(run.trace.status, 'ok', run.trace.stderr);
    assert.equal(run.trace.stdout, 'done\n');
    await assertNothingLeft(run, 1);
  });

  test('a daemon that left the session (setsid, double fork) ends with the run', DEADLINE, async () => {
    const run = await runProgram(`${WAIT_FOR_PIDS}
import sys
child = os.fork()
if child == 0:
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    os.execv(sys.executable, [sys.executable, "-c", os.environ["STUBBORN"]])
os.waitpid(child, 0)
started(1)
`);
    assert.equal(run.trace.status, 'ok', run.trace.stderr);
    await assertNothingLeft(run, 1);
  });

  test('a forkpty child ignoring SIGHUP ends with the run', DEADLINE, async () => {
    const run = await runProgram(`${WAIT_FOR_PIDS}
import signal, sys
child, fd = os.forkpty()
if child == 0:
    os.execv(sys.executable, [sys.executable, "-c", os.environ["STUBBORN"]])
started(1)
`);
    assert.equal(run.trace.status, 'ok', run.trace.stderr);
    await assertNothingLeft(run, 1);
  });

  test('a bounded fork bomb (64 processes) ends with the run', DEADLINE, async () => {
    const run = await runProgram(`${WAIT_FOR_PIDS}
import signal
first = os.getpid()
for _ in range(6):
    os.fork()
if os.getpid() != first:
    exec(os.environ["STUBBORN"])
started(63)
`);
    assert.equal(run.trace.status, 'ok', run.trace.stderr);
    await assertNothingLeft(run, 63);
  });

  test('a cancelled run kills its forked and Popen children at once', DEADLINE, async () => {
    const controller = new AbortController();
    const run = await runProgram(`${WAIT_FOR_PIDS}
import subprocess, sys
if os.fork() == 0:
    exec(os.environ["STUBBORN"])
subprocess.Popen([sys.executable, "-c", os.environ["STUBBORN"]], start_new_session=True)
started(2)
print("ready", flush=True)
while True:
    pass
`, { limits: { timeoutMs: 600_000 }, signal: controller.signal, onOutput: (chunk) => chunk.text.includes('ready') && controller.abort() });
    assert.equal(run.trace.status, 'killed');
    assert.equal(run.trace.stoppedBy?.limit, 'cancelled');
    await assertNothingLeft(run, 2);
  });

  test('a run stopped by the time limit ends its children (fork and Popen, unguarded)', DEADLINE, async () => {
    const run = await runProgram(`${WAIT_FOR_PIDS}
import subprocess, sys
if os.fork() == 0:
    exec(os.environ["STUBBORN"])
subprocess.Popen([sys.executable, "-c", os.environ["STUBBORN"]])
started(2)
while True:
    pass
`, { limits: { timeoutMs: 1000 } });
    assert.equal(run.trace.status, 'timeout');
    await assertNothingLeft(run, 2);
  });

  test('a program the tracer cannot stop (C code holding the GIL) is killed with its children', DEADLINE, async () => {
    const run = await runProgram(`${WAIT_FOR_PIDS}
import subprocess, sys
subprocess.Popen([sys.executable, "-c", os.environ["STUBBORN"]], start_new_session=True)
started(1)
x = 10 ** (3 * 10**7)
`, { limits: { timeoutMs: 500 } });
    assert.equal(run.trace.status, 'timeout');
    assert.match(run.trace.stoppedBy?.message ?? '', /killed/);
    await assertNothingLeft(run, 1);
  });

  test('once the tracer is a child subreaper, an orphan that cleared its environment and left the session is still found', DEADLINE, async () => {
    // A stand-in tracer that makes itself a subreaper (as the real one will) and starts such an
    // orphan; the run is cancelled while it lives, so the orphan is found under it.
    const tracer = py`
      import ctypes, os, subprocess, sys, time
      ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
      os.write(3, b'{"type":"start","python":"3.11.7","backend":"settrace"}\\n')
      child = os.fork()
      if child == 0:
          os.setsid()
          if os.fork() > 0:
              os._exit(0)
          os.execve(sys.executable, [sys.executable, "-c", os.environ["STUBBORN"]], {"PIDS": os.environ["PIDS"]})
      os.waitpid(child, 0)
      while not os.path.exists(os.environ["PIDS"]):
          time.sleep(0.01)
      os.write(3, b'{"type":"output","stream":"stdout","text":"ready","line":null}\\n')
      time.sleep(3600)
    `;
    const controller = new AbortController();
    const run = await withFakeTracer(tracer, () => runProgram('', { signal: controller.signal, onOutput: (chunk) => chunk.text.includes('ready') && controller.abort() }));
    assert.equal(run.trace.status, 'killed');
    await assertNothingLeft(run, 1);
  });

  test('every run is released once its processes are gone', DEADLINE, async () => {
    await waitUntil(() => liveRunCount() === 0, 'every run is released');
  });
});

describe("a forked child's records are not the run's", () => {
  test("the parent's trace stands, and the child's output is kept", DEADLINE, async () => {
    const run = await runProgram(py`
      import os
      child = os.fork()
      if child == 0:
          who = "child"
      else:
          os.waitpid(child, 0)
          who = "parent"
      print(who)
    `);
    assert.equal(run.trace.status, 'ok');
    assert.deepEqual(run.trace.lines['7']?.samples[0]?.values, { who: "'parent'" });
    assert.equal(run.trace.lines['4'], undefined, "the child's path is not the run's");
    assert.deepEqual(run.trace.stdout.split('\n').sort(), ['', 'child', 'parent']);
  });
});

describe('finding the processes of a run in /proc', () => {
  const run: RunIdentity = { pid: 100, startTicks: 5000, marker: 'm' };
  const proc = (pid: number, ppid: number, pgid: number, sid: number, startTicks = 6000, state = 'S'): ProcessStat =>
    ({ pid, ppid, pgid, sid, startTicks, state });
  const pids = (found: ProcessStat[]) => found.map((p) => p.pid).sort((a, b) => a - b);
  const noEnvironment = () => false;

  test('a stat line whose command name holds spaces and parentheses', () => {
    const line = '4242 (my (odd) name) S 100 4242 100 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 987654 0 0';
    assert.deepEqual(parseProcessStat(line), { pid: 4242, state: 'S', ppid: 100, pgid: 4242, sid: 100, startTicks: 987654 });
  });

  test('the tracer, its group, its session and their descendants, but no zombies and nothing older than the tracer', () => {
    const table = [
      proc(100, 1, 100, 100, 5000), // the tracer
      proc(101, 100, 100, 100), // a child
      proc(102, 100, 102, 100), // setpgid: still in the session
      proc(103, 1, 103, 103), // setsid and orphaned: no link left
      proc(104, 102, 104, 104), // setsid, parent in the run
      proc(105, 104, 105, 105), // its child
      proc(106, 100, 100, 100, 6000, 'Z'), // a zombie
      proc(107, 1, 100, 100, 4000), // older than the tracer: not its
      proc(200, 1, 200, 200), // unrelated
    ];
    assert.deepEqual(pids(listRunProcesses(run, table, noEnvironment)), [100, 101, 102, 104, 105]);
  });

  test('the marker in the environment finds an orphan that left the session', () => {
    const table = [proc(103, 1, 103, 103), proc(108, 103, 108, 108), proc(200, 1, 200, 200)];
    const marked = (pid: number, name: string, value: string) => pid === 103 && name === 'RUNLENS_RUN' && value === 'm';
    assert.deepEqual(pids(listRunProcesses(run, table, marked)), [103, 108]);
  });

  test('after the tracer is gone its group and session still count; once its pid is reused, they are another process\'s', () => {
    const orphans = [proc(101, 1, 100, 100), proc(102, 101, 100, 100)];
    assert.deepEqual(pids(listRunProcesses(run, orphans, noEnvironment)), [101, 102]);
    const reused = [proc(100, 1, 100, 100, 9000), proc(101, 100, 100, 100, 9100)];
    assert.deepEqual(pids(listRunProcesses(run, reused, noEnvironment)), []);
  });

  test('this process is never one of them', () => {
    const table = [proc(process.pid, 100, 100, 100)];
    assert.deepEqual(listRunProcesses(run, table, noEnvironment), []);
  });

  if (linux) test('the test helpers see a live process and tell a reused pid apart', () => {
    const ticks = startTicksOf(process.pid);
    assert.ok(ticks !== null);
    assert.ok(isRunning(process.pid, ticks));
    assert.ok(!isRunning(process.pid, ticks + 1));
  });
});
