import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PythonInterpreter } from '../../server/src/run/interpreter';

/** Every CPython 3.8–3.13 pyenv keeps on this machine, newest patch release of each minor version. */
export function supportedPythons(): PythonInterpreter[] {
  const root = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  const versionsDir = join(root, 'versions');
  if (!existsSync(versionsDir)) return [];
  const byMinor = new Map<number, { patch: number; interpreter: PythonInterpreter }>();
  for (const name of readdirSync(versionsDir)) {
    const match = /^3\.(\d+)\.(\d+)$/.exec(name);
    if (!match) continue;
    const minor = Number(match[1]);
    const patch = Number(match[2]);
    if (minor < 8 || minor > 13) continue;
    const executable = join(versionsDir, name, 'bin', `python3.${minor}`);
    if (!existsSync(executable)) continue;
    const known = byMinor.get(minor);
    if (!known || known.patch < patch) byMinor.set(minor, { patch, interpreter: { executable, version: name, source: 'pyenv' } });
  }
  return [...byMinor.entries()].sort(([a], [b]) => a - b).map(([, v]) => v.interpreter);
}

export function minorOf(python: PythonInterpreter): number {
  return Number(python.version.split('.')[1]);
}

/** The interpreter conformance runs on: 3.11 (the data were recorded with 3.11.7). */
export function python311(): PythonInterpreter {
  const found = supportedPythons().find((p) => minorOf(p) === 11);
  if (!found) throw new Error('CPython 3.11 is needed (pyenv install 3.11) and was not found');
  return found;
}
