// The `runlens` command as a user runs it: the built dist/cli.js, in a child process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { execa } from 'execa';
import { DEFAULT_LIMITS } from '../../server/src/run/limits';
import { emptyTrace } from '../../server/src/trace/emptyTrace';
import type { Trace } from '../../server/src/trace/types';
import { newTag, reportedPids, taggedProcesses, TEST_TAG_VARIABLE, waitUntil, waitUntilGone } from '../helpers/processes';
import { python311 } from '../helpers/pythons';
import { oldPython, removeScratch } from '../unit/runFixtures';

const CLI = resolve('dist/cli.js');
const python = python311().executable;
const work = mkdtempSync(join(tmpdir(), 'runlens-cli-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
  removeScratch();
});

function file(name: string, content: string | Buffer): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

function runlens(args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [CLI, ...args], { reject: false, env: { RUNLENS_PYTHON: python, NO_COLOR: '', ...env }, stdin: 'ignore' });
}

test('annotates the source with values, counts, the exception and lines that never ran', async () => {
  const path = file('annotate.py', [
    'total = 0',
    'for i in range(4):',
    '    total += i',
    'if total > 100:',
    '    print("big")',
    'print(total)',
    'ratio = total / 0',
    '',
  ].join('\n'));
  const { stdout, exitCode } = await runlens([path]);
  assert.equal(exitCode, 0);
  const lines = stdout.split('\n');
  const row = (n: number) => lines.find((l) => new RegExp(`^\\s*${n} `).test(l)) ?? '';
  assert.match(row(1), /total = 0$/);
  assert.match(row(2), /×5 │ for i in range\(4\):\s+i: 0 … 3 ×4$/);
  assert.match(row(3), /×4 │ {5}total \+= i\s+total: 0 … 6 ×4$/);
  assert.match(row(5), /· │ {5}print\("big"\)$/, 'a line that never ran is marked');
  assert.match(row(7), /ZeroDivisionError: division by zero$/);
  assert.match(stdout, /── output ─+\n6\n/);
  assert.match(stdout, /Raised ZeroDivisionError at line 7/);
  assert.doesNotMatch(stdout, /\x1b\[/, 'no colour when piped');
});

test('--color forces colour', async () => {
  const { stdout } = await runlens([file('colour.py', 'x = 1\n'), '--color']);
  assert.match(stdout, /\x1b\[36mx = 1\x1b\[39m/);
});

test('--json prints the trace document', async () => {
  const { stdout, exitCode } = await runlens([file('json.py', 'x = [1, 2]\nprint(len(x))\n'), '--json']);
  assert.equal(exitCode, 0);
  const trace = JSON.parse(stdout) as Trace;
  assert.equal(trace.format, 'runlens-trace/1');
  assert.equal(trace.status, 'ok');
  assert.equal(trace.stdout, '2\n');
  assert.deepEqual(trace.lines['1']?.samples[0]?.values, { x: '[1, 2]' });
});

test('--call traces one call and prints its result', async () => {
  const path = file('call.py', 'def f(a, b):\n    return [(a, b)] * 2\n\nprint("top level")\n');
  const json = JSON.parse((await runlens([path, '--call', 'f(4, 1)', '--json'])).stdout) as Trace;
  assert.deepEqual(json.result, { repr: '[(4, 1), (4, 1)]', truncated: false });
  assert.deepEqual(json.path.lines, [2]);
  assert.equal(json.stdout, '', "the module's top-level output is not the call's");
  const text = (await runlens([path, '--call', 'f(4, 1)'])).stdout;
  assert.match(text, /f\(4, 1\) → \[\(4, 1\), \(4, 1\)\]/);
});

test('--stdin, --cwd and program arguments reach the program', async () => {
  const input = file('input.txt', 'ada\n');
  const path = file('io.py', 'import os, sys\nname = input()\nprint(name, os.getcwd(), sys.argv[1:])\n');
  const { stdout } = await runlens([path, '--stdin', input, '--cwd', tmpdir(), '--json', '--', 'a', 'b']);
  assert.equal((JSON.parse(stdout) as Trace).stdout, `ada ${tmpdir()} ['a', 'b']\n`);
});

test('--timeout stops a program that never ends, and the exit status is still 0', async () => {
  const { stdout, exitCode } = await runlens([file('forever.py', 'while True:\n    pass\n'), '--timeout', '500']);
  assert.equal(exitCode, 0);
  assert.match(stdout, /Stopped after 500 ms at line [12] \(time limit\)/);
});

test('--samples changes how many executions keep values', async () => {
  const path = file('samples.py', 'for i in range(20):\n    pass\n');
  const trace = JSON.parse((await runlens([path, '--samples', '1', '--json'])).stdout) as Trace;
  assert.equal(trace.lines['1']?.samples.length, 2, 'the first and the last');
});

test('usage errors and unreadable files exit with 2', async () => {
  const missing = await runlens([join(work, 'missing.py')]);
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stderr, /cannot read .*missing\.py: no such file/);
  const latin1 = await runlens([file('latin1.py', Buffer.from('x = "caf\xe9"\n', 'latin1'))]);
  assert.equal(latin1.exitCode, 2);
  assert.match(latin1.stderr, /not UTF-8/);
  const badFlag = await runlens(['--bogus']);
  assert.equal(badFlag.exitCode, 2);
  assert.equal((await runlens([])).exitCode, 2);
  assert.equal((await runlens([file('t.py', ''), '--timeout', 'soon'])).exitCode, 2);
  const huge = await runlens([file('t.py', ''), '--timeout', '1000000']);
  assert.equal(huge.exitCode, 2);
  assert.match(huge.stderr, /--timeout takes a whole number from 100 to 600000, not "1000000"/);
  const noFolder = await runlens([file('t.py', ''), '--cwd', join(work, 'missing')]);
  assert.equal(noFolder.exitCode, 2);
  assert.match(noFolder.stderr, /--cwd .*missing is not a folder/);
});

/** The one line a failed run prints: no stack trace, no JavaScript error. */
function assertOneLine(stderr: string): void {
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
  assert.doesNotMatch(stderr, /^\s+at |TypeError|internal error/m);
}

test('a program that forges a partial record: exit 1 with one line saying what was wrong', async () => {
  const path = file('forged.py', 'import os\nos.write(3, b\'{"type":"trace","trace":{}}\\n\')\nos.close(3)\n');
  const { stderr, stdout, exitCode } = await runlens([path]);
  assert.equal(exitCode, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /^runlens: could not trace .*forged\.py: The tracer sent a malformed trace record: trace\.format: expected "runlens-trace\/1", got nothing$/);
  assertOneLine(stderr);
  const json = await runlens([path, '--json']);
  assert.equal(json.exitCode, 1);
  assert.deepEqual((JSON.parse(json.stdout) as Trace).failure?.kind, 'record', '--json still prints the trace');
});

test("the tracer's own failure: exit 1 with its message", async () => {
  const tracer = file('failing_tracer.py', 'import os\nos.write(3, b\'{"type":"trace","trace":{"format":"runlens-trace/1","tracerErrors":["tracer: RecursionError: maximum recursion depth exceeded"]}}\\n\')\n');
  const { stderr, exitCode } = await runlens([file('deep.py', 'x = 1\n')], { RUNLENS_TRACER: tracer });
  assert.equal(exitCode, 1);
  assert.match(stderr, /could not trace .*deep\.py: The tracer failed: tracer: RecursionError: maximum recursion depth exceeded/);
  assertOneLine(stderr);
});

test('a tracer that dies without a word: exit 1', async () => {
  const tracer = file('silent_tracer.py', 'import sys\nsys.exit(1)\n');
  const { stderr, exitCode } = await runlens([file('silent.py', 'x = 1\n')], { RUNLENS_TRACER: tracer });
  assert.equal(exitCode, 1);
  assert.match(stderr, /The tracer exited with code 1 without reporting anything/);
});

for (const version of ['3.7', '2.7'] as const) {
  test(`Python ${version} is too old: exit 3, saying so`, async () => {
    const { stderr, exitCode } = await runlens([file('old.py', 'x = 1\n'), '--python', oldPython(version)], { RUNLENS_PYTHON: '', PATH: '/nonexistent' });
    assert.equal(exitCode, 3);
    assert.match(stderr, new RegExp(`Python ${version.replace('.', '\\.')}\\.\\d+ is too old`));
    assert.match(stderr, /Install Python 3\.8 or newer/);
  });
}

test('an unexpected failure prints one line, never a stack trace; RUNLENS_DEBUG=1 shows it', async () => {
  // Writing the annotated listing to a full disk fails inside the CLI itself.
  const run = (env: Record<string, string>) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, file('full.py', 'x = 1\n')], {
      stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'],
      env: { ...process.env, RUNLENS_PYTHON: python, ...env },
    });
    let stderr = '';
    child.stderr!.on('data', (data: Buffer) => (stderr += data));
    child.on('close', (code) => resolve({ code, stderr }));
  });
  const quiet = await run({});
  assert.equal(quiet.code, 1);
  assert.match(quiet.stderr, /^runlens: internal error: ENOSPC: no space left on device, write \(set RUNLENS_DEBUG=1 to see where\)\n$/);
  const debug = await run({ RUNLENS_DEBUG: '1' });
  assert.equal(debug.code, 1);
  assert.match(debug.stderr, /^\s+at /m);
});

test('a reader that stops early is not an error', async () => {
  const child = spawn(process.execPath, [CLI, file('head.py', 'print(1)\n')], { env: { ...process.env, RUNLENS_PYTHON: python } });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data));
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});

test('a file that declares its encoding is read in it', async () => {
  const path = file('declared.py', Buffer.from('# -*- coding: latin-1 -*-\nx = "caf\xe9"\n', 'latin1'));
  const trace = JSON.parse((await runlens([path, '--json'])).stdout) as Trace;
  assert.deepEqual(trace.lines['2']?.samples[0]?.values, { x: "'café'" });
});

test('no usable Python exits with 3 and says what was tried', async () => {
  const result = await runlens([file('np.py', 'x = 1\n'), '--python', '/nowhere/python'], { RUNLENS_PYTHON: '/also/missing', PATH: '/nonexistent' });
  assert.equal(result.exitCode, 3);
  assert.match(result.stderr, /\/nowhere\/python \(--python\): not found/);
  assert.match(result.stderr, /\/also\/missing \(RUNLENS_PYTHON\)/);
  assert.match(result.stderr, /python3 \(PATH\)/);
  assert.match(result.stderr, /python \(PATH\)/);
});

test('--help and --version', async () => {
  assert.match((await runlens(['--help'])).stdout, /Usage: runlens FILE\.py/);
  assert.match((await runlens(['--version'])).stdout, /^runlens \d+\.\d+\.\d+/);
});

test('--guard shows which protection the run had, when the tracer says', async () => {
  const trace: Trace = { ...emptyTrace('3.11.7', 'settrace', DEFAULT_LIMITS), status: 'ok', guarded: true, sandbox: { kind: 'landlock', landlockAbi: 7 } };
  const record = (value: unknown) => `os.write(3, ${JSON.stringify(`${JSON.stringify(value)}\n`)}.encode())`;
  const tracer = file('sandboxed_tracer.py', ['import os', record({ type: 'start', python: '3.11.7', backend: 'settrace' }), record({ type: 'trace', trace }), ''].join('\n'));
  const { stdout, exitCode } = await runlens([file('guarded.py', 'x = 1\n'), '--guard'], { RUNLENS_TRACER: tracer });
  assert.equal(exitCode, 0);
  assert.match(stdout.split('\n')[0]!, /^runlens .*guarded\.py · Python 3\.11\.7 · sandboxed by Landlock \(ABI 7\)$/);
});

/** A program whose child ignores SIGTERM and SIGHUP and sleeps, holding stdout and stderr; $PIDS gets its pid. */
function leavesAChild(name: string, then: string): { path: string; pids: string } {
  const pids = join(work, `${name}.pids`);
  const child = 'import os, signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nsignal.signal(signal.SIGHUP, signal.SIG_IGN)\nopen(os.environ["PIDS"], "a").write("%d\\n" % os.getpid())\ntime.sleep(3600)\n';
  const path = file(`${name}.py`, [
    'import os, subprocess, sys, time',
    `subprocess.Popen([sys.executable, "-c", ${JSON.stringify(child)}], start_new_session=True)`,
    'while not os.path.exists(os.environ["PIDS"]):',
    '    time.sleep(0.01)',
    then,
    '',
  ].join('\n'));
  return { path, pids };
}

if (process.platform === 'linux') {
  test('the command ends when the program does, not when a child holding its output does, and the child ends too', { timeout: 60_000 }, async () => {
    const tag = newTag();
    const { path, pids } = leavesAChild('leaves_child', 'print("done")');
    const { stdout, exitCode } = await runlens([path], { PIDS: pids, [TEST_TAG_VARIABLE]: tag });
    assert.equal(exitCode, 0);
    assert.match(stdout, /── output ─+\ndone\n/);
    assert.equal(reportedPids(pids).length, 1);
    await waitUntilGone(() => [...reportedPids(pids), ...taggedProcesses(tag)], 'process of the run');
  });

  test('Ctrl-C (SIGINT) ends the run with the command: the tracer and what it started', { timeout: 60_000 }, async () => {
    const tag = newTag();
    const { path, pids } = leavesAChild('interrupted', 'while True:\n    pass');
    const cli = spawn(process.execPath, [CLI, path, '--timeout', '600000'], {
      stdio: 'ignore',
      env: { ...process.env, RUNLENS_PYTHON: python, PIDS: pids, [TEST_TAG_VARIABLE]: tag },
    });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => cli.on('close', (_code, signal) => resolve(signal)));
    await waitUntil(() => reportedPids(pids).length === 1, 'the program has started its child');
    assert.ok(taggedProcesses(tag).length >= 2, 'the tracer and its child run');
    cli.kill('SIGINT');
    assert.equal(await ended, 'SIGINT', 'the command ends as Ctrl-C ends it');
    await waitUntilGone(() => [...reportedPids(pids), ...taggedProcesses(tag)], 'process of the run');
  });
}
