// The interpreters the benchmark runs on: every CPython 3.8–3.13 pyenv keeps (newest patch of each
// minor version, as test/helpers/pythons.ts finds them for the tests), and Debian's /usr/bin/python3
// for the peers that only it has (coverage.py from python3-coverage).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SYSTEM_PYTHON = '/usr/bin/python3';

/** [{ version: '3.11.7', minor: 11, executable }], oldest first. */
export function pyenvPythons() {
  const dir = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  const byMinor = new Map();
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const match = /^3\.(\d+)\.(\d+)$/.exec(name);
      if (!match) continue;
      const minor = Number(match[1]);
      const patch = Number(match[2]);
      if (minor < 8 || minor > 13) continue;
      const executable = join(dir, name, 'bin', `python3.${minor}`);
      if (!existsSync(executable)) continue;
      const known = byMinor.get(minor);
      if (!known || known.patch < patch) byMinor.set(minor, { version: name, minor, patch, executable });
    }
  }
  return [...byMinor.values()].sort((a, b) => a.minor - b.minor).map(({ version, minor, executable }) => ({ version, minor, executable }));
}

/** The version of an interpreter, or null when it does not start. */
export function describePython(executable) {
  const probe = spawnSync(executable, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const version = probe.stdout.trim();
  return { version, minor: Number(version.split('.')[1]), executable };
}

/** Whether `python -m coverage` works with that interpreter, and its version. */
export function coverageVersion(executable) {
  const probe = spawnSync(executable, ['-c', 'import coverage; print(coverage.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

