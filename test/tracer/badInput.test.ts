// Programs that misbehave: each ends with a clear status and message, keeps what was recorded,
// and nothing hangs. Runs on every supported CPython found.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { minorOf, supportedPythons } from '../helpers/pythons';
import { lineValues, py, traceSource } from '../helpers/trace';

for (const python of supportedPythons()) {
  describe(`bad input on CPython ${python.version}`, () => {
    test('an empty file and a comment-only file run, with nothing to show', async () => {
      for (const source of ['', '# nothing yet\n', '\n\n']) {
        const trace = await traceSource(python, source);
        assert.equal(trace.status, 'ok', `${JSON.stringify(source)}: ${trace.failure?.message ?? trace.stderr}`);
        assert.equal(trace.stdout, '');
        // 3.8–3.10 report the empty module's one event at line 1; 3.11+ at line 0, which is no line.
        assert.ok(Object.keys(trace.lines).every((line) => line === '1'), Object.keys(trace.lines).join());
      }
    });

    test('a syntax error runs nothing and says where', async () => {
      const trace = await traceSource(python, 'print("never")\nx = (1,\ny = 2\n');
      assert.equal(trace.status, 'syntax-error');
      assert.ok(trace.syntaxError);
      assert.ok(trace.syntaxError.line >= 2 && trace.syntaxError.line <= 3, `line ${trace.syntaxError.line}`);
      assert.ok(trace.syntaxError.message.length > 0);
      assert.equal(trace.stdout, '');
      assert.deepEqual(trace.lines, {});
    });

    test('an infinite loop stops at the time limit, with partial values and the line it was on', async () => {
      const trace = await traceSource(python, py`
        i = 0
        while True:
            i += 1
      `, { limits: { timeoutMs: 1000 } });
      assert.equal(trace.status, 'timeout');
      assert.equal(trace.stoppedBy?.limit, 'time');
      assert.ok([2, 3].includes(trace.stoppedBy?.line ?? 0), `stopped at ${trace.stoppedBy?.line}`);
      assert.match(trace.stoppedBy?.message ?? '', /1 s/);
      assert.ok(lineValues(trace, 3).hits > 0);
      assert.deepEqual(lineValues(trace, 3).first, { i: '1' });
      const last = Number(lineValues(trace, 3).last?.i);
      assert.ok(last > 10_000, `the value where it stopped, past the sampling caps (got ${last})`);
    });

    test('an output flood stops at the output limit', async () => {
      const trace = await traceSource(python, 'while True:\n    print("x" * 1000)\n', { limits: { maxOutputBytes: 100_000 } });
      assert.equal(trace.status, 'killed');
      assert.equal(trace.stoppedBy?.limit, 'output');
      assert.equal(trace.outputTruncated, true);
      assert.ok(trace.stdout.length <= 100_000 && trace.stdout.length > 50_000, `kept ${trace.stdout.length} chars`);
    });

    test('a memory bomb stops at the memory limit', async () => {
      const trace = await traceSource(python, py`
        chunks = []
        while True:
            chunks.append(bytearray(10**7))
      `, { limits: { memoryMb: 300 } });
      assert.equal(trace.status, 'memory');
      assert.equal(trace.stoppedBy?.limit, 'memory');
      assert.ok(lineValues(trace, 3).hits > 0);
    });

    test('one huge allocation is a memory stop too', async () => {
      const trace = await traceSource(python, 'x = [0] * (10**10)\n', { limits: { memoryMb: 300 } });
      assert.equal(trace.status, 'memory');
    });

    test('unbounded recursion is a RecursionError', async () => {
      const trace = await traceSource(python, 'def f(n):\n    return f(n + 1)\n\nf(0)\n');
      assert.equal(trace.status, 'exception');
      assert.equal(trace.exception?.type, 'RecursionError');
      assert.equal(trace.exception?.line, 2);
    });

    test('input() with no stdin is an EOFError, not a hang', async () => {
      const trace = await traceSource(python, 'name = input("name? ")\nprint("hi", name)\n');
      assert.equal(trace.status, 'exception');
      assert.equal(trace.exception?.type, 'EOFError');
      assert.equal(trace.exception?.line, 1);
    });

    test('stdin text is given to the program', async () => {
      const trace = await traceSource(python, 'name = input()\nprint("hi", name)\n', { stdin: 'ada\n' });
      assert.equal(trace.status, 'ok');
      assert.equal(trace.stdout, 'hi ada\n');
    });

    test('sys.exit(3) is an exit with its code', async () => {
      const trace = await traceSource(python, 'import sys\nprint("bye")\nsys.exit(3)\n');
      assert.equal(trace.status, 'exit');
      assert.equal(trace.exitCode, 3);
      assert.equal(trace.stdout, 'bye\n');
    });

    test('os._exit(1) still reports what it recorded', async () => {
      const trace = await traceSource(python, 'import os\nx = 41 + 1\nprint("before")\nos._exit(1)\n');
      assert.equal(trace.status, 'exit');
      assert.equal(trace.exitCode, 1);
      assert.equal(trace.stdout, 'before\n');
      assert.deepEqual(lineValues(trace, 2).last, { x: '42' });
    });

    test('a __repr__ that raises is shown as such', async () => {
      const trace = await traceSource(python, py`
        class Foo:
            def __repr__(self):
                raise ValueError("no")
        x = Foo()
        print("done")
      `);
      assert.equal(trace.status, 'ok');
      assert.equal(trace.stdout, 'done\n');
      assert.deepEqual(lineValues(trace, 4).last, { x: '<Foo: repr raised ValueError>' });
    });

    test('a __repr__ that prints does not reach the output', async () => {
      const trace = await traceSource(python, py`
        class Loud:
            def __repr__(self):
                print("repr called")
                return "Loud()"
        x = Loud()
      `);
      assert.equal(trace.stdout, '');
      assert.deepEqual(lineValues(trace, 5).last, { x: 'Loud()' });
    });

    test('a __repr__ that sleeps does not hang the run', async () => {
      const trace = await traceSource(python, py`
        import time
        class Slow:
            def __repr__(self):
                time.sleep(30)
                return "Slow()"
        x = Slow()
        y = Slow()
        print("done")
      `, { limits: { timeoutMs: 3000 } });
      assert.equal(trace.status, 'ok');
      assert.equal(trace.stdout, 'done\n');
      assert.deepEqual(lineValues(trace, 6).last, { x: '<Slow: repr took too long>' });
      assert.deepEqual(lineValues(trace, 7).last, { y: '<Slow object>' }, 'the type renders opaquely from then on');
    });

    test('a __repr__ that returns 10 MB is cut', async () => {
      const trace = await traceSource(python, py`
        class Huge:
            def __repr__(self):
                return "h" * 10_000_000
        x = Huge()
      `);
      assert.equal(trace.status, 'ok');
      const shown = lineValues(trace, 4).last?.x ?? '';
      assert.ok(shown.length <= 200, `shown ${shown.length} chars`);
      assert.ok(JSON.stringify(trace).length < 256 * 1024);
    });

    test('a thread that never ends does not keep the run alive', async () => {
      const trace = await traceSource(python, py`
        import threading, time
        threading.Thread(target=lambda: time.sleep(1000)).start()
        print("main done")
      `, { limits: { timeoutMs: 10_000 } });
      assert.equal(trace.status, 'ok');
      assert.equal(trace.stdout, 'main done\n');
    });

    test('an uncaught exception names its type, message, line and frames', async () => {
      const trace = await traceSource(python, py`
        def ratio(a, b):
            return a / b

        def report():
            return ratio(1, 0)

        report()
      `);
      assert.equal(trace.status, 'exception');
      assert.equal(trace.exception?.type, 'ZeroDivisionError');
      assert.match(trace.exception?.message ?? '', /division by zero/);
      assert.equal(trace.exception?.line, 2);
      assert.deepEqual(trace.exception?.frames.map((f) => f.line), [7, 5, 2]);
      assert.match(trace.exception?.traceback ?? '', /ZeroDivisionError/);
      assert.doesNotMatch(trace.exception?.traceback ?? '', /runlens_tracer|runlens[\\/]runner/, 'no tracer frames');
    });
  });
}

for (const python of supportedPythons()) {
  test(`the guard blocks destructive side effects and records them (CPython ${python.version})`, async () => {
    // outside the temporary folder, where the guard lets everything through
    const dir = mkdtempSync(join(process.cwd(), 'out', 'guard-'));
    const keep = join(dir, 'keep.txt');
    writeFileSync(keep, 'precious');
    const source = py`
      import os, subprocess
      with open(${JSON.stringify(keep)}) as f:
          text = f.read()
      try:
          os.remove(${JSON.stringify(keep)})
      except PermissionError:
          removed = False
      try:
          subprocess.run(["true"])
      except PermissionError:
          spawned = False
      with open("report.txt", "w") as out:
          out.write(text)
    `;
    const guarded = await traceSource(python, source, { guard: true, cwd: '/' });
    assert.equal(guarded.guarded, true);
    assert.deepEqual(guarded.blocked.map((b) => [b.what, b.line]), [['delete a file', 5], ['start a process', 9], ['write to a file', 12]]);
    assert.equal(guarded.status, 'exception');
    assert.equal(guarded.exception?.type, 'PermissionError');
    assert.equal(guarded.exception?.line, 12);
    assert.deepEqual(lineValues(guarded, 3).last, { text: "'precious'" }, 'reading is allowed');
    assert.deepEqual(lineValues(guarded, 12).last, {}, 'a statement that raised binds nothing');
    assert.equal(readFileSync(keep, 'utf8'), 'precious');

    const free = await traceSource(python, `import os\nos.remove(${JSON.stringify(keep)})\n`, { cwd: dir });
    assert.equal(free.status, 'ok', 'without the guard the program does what it says');
    assert.equal(free.guarded, false);
    assert.equal(existsSync(keep), false);
    rmSync(dir, { recursive: true, force: true });

    const scratch = await traceSource(python, py`
      import os, tempfile
      with tempfile.TemporaryDirectory() as d:
          with open(os.path.join(d, "x.txt"), "w") as f:
              f.write("scratch")
          os.remove(os.path.join(d, "x.txt"))
      print("ok")
    `, { guard: true });
    assert.equal(scratch.status, 'ok', scratch.exception?.message);
    assert.deepEqual(scratch.blocked, [], 'the temporary folder is free to use');
  });
}

for (const python of supportedPythons()) {
  test(`the guard protects a project in the system temp folder; the run gets a private one (CPython ${python.version})`, async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'runlens-project-'));
    try {
      const source = py`
        import os, tempfile
        scratch = tempfile.gettempdir()
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write("scratch")
        with tempfile.TemporaryDirectory() as d:
            os.mkdir(os.path.join(d, "sub"))
        kept = sorted(os.listdir(scratch)) == sorted([os.path.basename(f.name)])
        try:
            open("report.txt", "w")
        except PermissionError:
            blocked = True
        print(scratch)
      `;
      const trace = await traceSource(python, source, { guard: true, cwd: workspace });
      assert.equal(trace.status, 'ok', trace.exception?.traceback);
      assert.deepEqual(trace.blocked.map((b) => [b.what, b.line]), [['write to a file', 9]], 'the project folder is not writable');
      assert.equal(existsSync(join(workspace, 'report.txt')), false);
      assert.deepEqual(lineValues(trace, 7).last, { kept: 'True' }, 'tempfile writes to the run\'s own folder');
      const scratch = trace.stdout.trim();
      assert.equal(dirname(scratch), realpathSync(tmpdir()), 'a folder of its own in the system temp folder');
      assert.equal(existsSync(scratch), false, 'removed after the run');
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
}

for (const python of supportedPythons()) {
  test(`a guarded run stopped by the time limit while writing temporary files leaves none behind (CPython ${python.version})`, async () => {
    const trace = await traceSource(python, py`
      import os, tempfile
      scratch = tempfile.mkdtemp()
      print(scratch, flush=True)
      i = 0
      while True:
          with open(os.path.join(scratch, "f%d" % (i % 50)), "w") as f:
              f.write("x" * 100)
          i += 1
    `, { guard: true, limits: { timeoutMs: 500 } });
    assert.equal(trace.status, 'timeout');
    const scratch = trace.stdout.trim();
    assert.equal(dirname(dirname(scratch)), realpathSync(tmpdir()), 'in the run\'s own folder');
    assert.equal(existsSync(dirname(scratch)), false, 'the run\'s folder is gone');
  });
}

test('a program stuck in C code that holds the GIL is killed from outside and keeps its output', async () => {
  const python = supportedPythons().find((p) => minorOf(p) === 11) ?? supportedPythons()[0]!;
  const started = Date.now();
  const trace = await traceSource(python, 'print("before")\nx = 10 ** (3 * 10**7)\nprint("after")\n', { limits: { timeoutMs: 1000 } });
  assert.equal(trace.status, 'timeout');
  assert.equal(trace.stoppedBy?.limit, 'time');
  assert.match(trace.stoppedBy?.message ?? '', /killed/);
  assert.equal(trace.stdout, 'before\n', 'output streamed before the process was killed');
  assert.ok(Date.now() - started < 10_000, 'killed soon after the time limit and its grace');
});
