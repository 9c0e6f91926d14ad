// Shared by the run layer's tests: an interpreter, a scratch folder, fake tracers.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PythonInterpreter } from '../../server/src/run/interpreter';
import { supportedPythons } from '../helpers/pythons';

/** Some supported Python: the newest found under pyenv, else `python3` on PATH. */
export function anyPython(): PythonInterpreter {
  return supportedPythons().at(-1) ?? { executable: 'python3', version: '', source: 'PATH' };
}

let scratchDir: string | null = null;

/** A scratch folder for this test file, made on first use. */
export function scratch(): string {
  scratchDir ??= mkdtempSync(join(tmpdir(), 'runlens-run-'));
  return scratchDir;
}

export function removeScratch(): void {
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  scratchDir = null;
}

let written = 0;
/** A file in the scratch folder; returns its path. */
export function scratchFile(name: string, content: string): string {
  const path = join(scratch(), `${++written}-${name}`);
  writeFileSync(path, content, { mode: 0o755 });
  return path;
}

/** Run `body` with RUNLENS_TRACER pointing at a fake tracer script with this Python source. */
export async function withFakeTracer<T>(source: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.RUNLENS_TRACER;
  process.env.RUNLENS_TRACER = scratchFile('tracer.py', source);
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.RUNLENS_TRACER;
    else process.env.RUNLENS_TRACER = before;
  }
}

/**
 * An interpreter too old for Runlens ("3.7", "2.7"): the real one when pyenv has it, otherwise a
 * stand-in that answers a version probe and fails to start the tracer the way that version does.
 */
export function oldPython(version: '3.7' | '2.7'): string {
  const versions = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  const found = existsSync(versions) ? readdirSync(versions).find((v) => v.startsWith(`${version}.`)) : undefined;
  if (found) return join(versions, found, 'bin', `python${version}`);
  const failure = version === '2.7'
    ? 'echo "-X is reserved for implementation-specific arguments" >&2; exit 2'
    : `echo "runlens: Python ${version}.0 is too old (Runlens needs 3.8 or newer)" >&2; exit 3`;
  return scratchFile(`python${version}`, `#!/bin/sh\nif [ "$1" = "-c" ]; then echo "$0"; echo ${version}.0; exit 0; fi\n${failure}\n`);
}
