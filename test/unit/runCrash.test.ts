// A Python process killed by a signal ends with a clear sentence: which signal, in plain words, and
// the line when one is known (a faulthandler dump's innermost frame in the file, else the last
// snapshot's last line). Real crashes: ctypes.string_at(0), deep recursion with a raised limit.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { describeCrash, faultHandlerLine } from '../../server/src/run/crash';
import { DEFAULT_LIMITS } from '../../server/src/run/limits';
import { runSummary } from '../../server/src/features/format';
import { emptyTrace } from '../../server/src/trace/emptyTrace';
import { minorOf, supportedPythons } from '../helpers/pythons';
import { py, traceSource } from '../helpers/trace';
import { anyPython, removeScratch, scratch } from './runFixtures';

after(removeScratch);

describe('the line of a crash', () => {
  const entry = '/work/café/program.py';
  const dump = (thread: string) => [
    'Fatal Python error: Segmentation fault',
    '',
    'Thread 0x00007f0000000002 (most recent call first):',
    '  File "/work/caf\\xe9/program.py", line 9 in worker',
    '',
    `${thread} (most recent call first):`,
    '  File "/usr/lib/python3.11/ctypes/__init__.py", line 519 in string_at',
    '  File "/work/caf\\xe9/program.py", line 3 in crash',
    '  File "/work/caf\\xe9/program.py", line 5 in <module>',
    '  File "/opt/runlens/server/python/runlens/runner.py", line 215 in _traced_exec',
    '',
  ].join('\n');

  test("a faulthandler dump: the crashing thread's innermost frame in the file (its path written escaped)", () => {
    assert.equal(faultHandlerLine(`some output\n${dump('Current thread 0x00007f0000000001')}`, entry), 3);
    assert.equal(faultHandlerLine(dump('Stack'), entry), 3, 'a dump of one thread (Python 3.12+ without all_threads)');
  });

  test('no dump, or no frame of the file in it: no line', () => {
    assert.equal(faultHandlerLine('Traceback (most recent call last):\n  File "/work/café/program.py", line 3\n', entry), null);
    assert.equal(faultHandlerLine(dump('Current thread 0x1'), '/elsewhere.py'), null);
  });

  test('without a dump, the last line the last snapshot saw run, unless its path was cut', () => {
    const snapshot = { ...emptyTrace('3.11.7', 'settrace', DEFAULT_LIMITS), path: { lines: [1, 2, 4], truncated: false } };
    assert.deepEqual(describeCrash('SIGSEGV', '', entry, snapshot), { signal: 'SIGSEGV', message: 'Crashed: segmentation fault (SIGSEGV)', line: 4, lineIsExact: false });
    assert.equal(describeCrash('SIGSEGV', '', entry, { ...snapshot, path: { lines: [1, 2, 4], truncated: true } }).line, null);
    assert.equal(describeCrash('SIGSEGV', dump('Current thread 0x1'), entry, snapshot).line, 3, 'the dump wins');
  });
});

describe('a crash by a signal says which, in plain words', () => {
  const python = anyPython();
  const cases: [string, string][] = [
    ['SIGABRT', 'Crashed: aborted (SIGABRT)'],
    ['SIGBUS', 'Crashed: bus error (SIGBUS)'],
    ['SIGFPE', 'Crashed: arithmetic error (SIGFPE)'],
    ['SIGILL', 'Crashed: illegal instruction (SIGILL)'],
    ['SIGSEGV', 'Crashed: segmentation fault (SIGSEGV)'],
    ['SIGKILL', 'Killed (SIGKILL, perhaps out of memory)'],
    ['SIGUSR1', 'Killed by SIGUSR1'],
  ];
  for (const [signal, sentence] of cases) {
    test(signal, async () => {
      const trace = await traceSource(python, `import os, signal\nprint("before")\nos.kill(os.getpid(), signal.${signal})\n`, { cwd: scratch() });
      assert.equal(trace.status, 'killed');
      assert.equal(trace.crash?.signal, signal);
      assert.equal(runSummary(trace), sentence);
      assert.equal(trace.stdout, 'before\n', 'what it printed is kept');
    });
  }
});

describe('real crashes', () => {
  for (const python of supportedPythons()) {
    test(`CPython ${python.version}: ctypes.string_at(0) is a segmentation fault, at its line when faulthandler dumps the stack`, async () => {
      const crash = py`
        import ctypes, faulthandler, sys
        faulthandler.enable(file=sys.__stderr__)

        def crash():
            return ctypes.string_at(0)

        crash()
      `;
      const path = join(scratch(), `segv-${python.version}.py`);
      const dumped = await traceSource(python, crash, { path, cwd: scratch() });
      assert.equal(dumped.status, 'killed');
      assert.equal(runSummary(dumped), 'Crashed: segmentation fault (SIGSEGV) at line 5');
      const silent = await traceSource(python, 'import ctypes\nctypes.string_at(0)\n', { cwd: scratch() });
      assert.equal(runSummary(silent), 'Crashed: segmentation fault (SIGSEGV)');
    });
  }

  // Python 3.11+ no longer recurses in C for Python calls: there it runs into the time limit.
  for (const python of supportedPythons().filter((p) => minorOf(p) <= 10)) {
    test(`CPython ${python.version}: deep recursion with a raised limit overflows the C stack: a segmentation fault`, async () => {
      const trace = await traceSource(python, 'import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1)\nf(0)\n', {
        cwd: scratch(), limits: { timeoutMs: 60_000 },
      });
      assert.equal(trace.status, 'killed');
      assert.equal(trace.crash?.signal, 'SIGSEGV');
      assert.match(runSummary(trace), /^Crashed: segmentation fault \(SIGSEGV\)/);
    });
  }
});
