// The one spawner (server/src/run/spawn.ts), as the run layer of the server and of the CLI use it:
// environment, stdin, the config and records channels, start errors, abort and kill.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { spawnTracer, type SpawnOptions, type TracerProcess } from '../../server/src/run/spawn';
import { anyPython } from './runFixtures';

const python = anyPython().executable;
const work = mkdtempSync(join(tmpdir(), 'runlens-spawn-'));
const bytes = (text: string) => new TextEncoder().encode(text);
after(() => rmSync(work, { recursive: true, force: true }));

function start(code: string, options: Partial<SpawnOptions> = {}): TracerProcess {
  return spawnTracer(python, ['-c', code], { cwd: work, env: {}, stdin: bytes(''), config: bytes(''), ...options });
}

function text(stream: Readable): Promise<string> {
  return new Promise((resolve) => {
    let all = '';
    stream.on('data', (data: Buffer) => (all += data.toString('utf8')));
    stream.on('close', () => resolve(all));
  });
}

/** Resolves at the first output on `stream`: the program is running. */
function firstOutput(stream: Readable): Promise<void> {
  return new Promise((resolve) => stream.once('data', () => resolve()));
}

test("the program gets this process's environment with the run's variables on top", async () => {
  const child = start('import os; print(os.environ.get("PATH") is not None, os.environ["RUNLENS_A"], os.environ["HOME"])', {
    env: { RUNLENS_A: 'a', HOME: '/override' },
  });
  const [stdout, exit] = await Promise.all([text(child.stdout), child.exited]);
  assert.equal(stdout, 'True a /override\n');
  assert.deepEqual(exit, { exitCode: 0, signal: null, startError: null });
});

test('stdin is fed and then ends; empty stdin ends at once', async () => {
  const echo = 'import sys; data = sys.stdin.read(); print(repr(data))';
  const fed = start(echo, { stdin: bytes('ada\nlovelace\n') });
  assert.equal(await text(fed.stdout), "'ada\\nlovelace\\n'\n");
  const empty = start(echo);
  assert.equal(await text(empty.stdout), "''\n");
});

test('a program that exits without reading its stdin is no error', async () => {
  const child = start('pass', { stdin: new Uint8Array(8 * 1024 * 1024) });
  assert.deepEqual(await child.exited, { exitCode: 0, signal: null, startError: null });
});

test('the config arrives on fd 4 and the records channel is fd 3, apart from stdout and stderr', async () => {
  const child = start('import os, sys\nconfig = os.read(4, 1000)\nos.write(3, b"got " + config + b"\\n")\nprint("out")\nsys.stderr.write("err")\n', {
    config: bytes('{"mode":"script"}'),
  });
  const [records, stdout, stderr] = await Promise.all([text(child.records), text(child.stdout), text(child.stderr)]);
  assert.equal(records, 'got {"mode":"script"}\n');
  assert.equal(stdout, 'out\n');
  assert.equal(stderr, 'err');
});

test('an interpreter that does not exist reports a start error instead of throwing', async () => {
  const child = spawnTracer(join(work, 'no-python'), [], { cwd: work, env: {}, stdin: bytes('x'), config: bytes('{}') });
  const exit = await child.exited;
  assert.equal(exit.exitCode, null);
  assert.match(exit.startError ?? '', /no-python was not found/);
});

test('a working folder that does not exist is named in the start error', async () => {
  const exit = await start('pass', { cwd: join(work, 'gone') }).exited;
  assert.match(exit.startError ?? '', /the working folder .*gone does not exist/);
});

test('arguments Node refuses outright end as a start error too', async () => {
  const exit = await start('pass', { env: { BAD: 'a\0b' } }).exited;
  assert.ok(exit.startError, 'a NUL byte in the environment cannot be passed');
});

test('abort kills the process', async () => {
  const controller = new AbortController();
  const child = start('import time\nprint("ready", flush=True)\ntime.sleep(3600)\n', { signal: controller.signal });
  await firstOutput(child.stdout);
  controller.abort();
  assert.deepEqual(await child.exited, { exitCode: null, signal: 'SIGKILL', startError: null });
});

test('an already aborted signal kills the process at once', async () => {
  const controller = new AbortController();
  controller.abort();
  const exit = await start('import time\ntime.sleep(3600)\n', { signal: controller.signal }).exited;
  assert.equal(exit.signal, 'SIGKILL');
});

test('kill() kills the process, and is harmless once it has ended', async () => {
  const child = start('import time\nprint("ready", flush=True)\ntime.sleep(3600)\n');
  await firstOutput(child.stdout);
  child.kill();
  assert.equal((await child.exited).signal, 'SIGKILL');
  child.kill();
});

test('a script file runs with its own exit code', async () => {
  const script = join(work, 'exit3.py');
  writeFileSync(script, 'import sys\nsys.exit(3)\n');
  const child = spawnTracer(python, [script], { cwd: work, env: {}, stdin: bytes(''), config: bytes('') });
  assert.deepEqual(await child.exited, { exitCode: 3, signal: null, startError: null });
});
