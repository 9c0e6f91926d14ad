import { execFile } from 'node:child_process';
import { accessSync, constants, openSync, readSync, closeSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The oldest Python the tracer supports. */
export const MIN_PYTHON: readonly [number, number] = [3, 8];

/** A Python interpreter resolved to its real executable (never a shim). */
export interface PythonInterpreter {
  /** The real executable (sys.executable), e.g. /root/.pyenv/versions/3.11.7/bin/python3.11. */
  executable: string;
  /** e.g. "3.11.7"; empty when the CLI started it without asking (the tracer reports it). */
  version: string;
  /** How it was found: the flag, setting or name that led to it. */
  source: string;
}

export interface PythonCandidate {
  /** A path or a command name looked up on PATH. */
  path: string;
  /** Where it came from, e.g. "--python", "RUNLENS_PYTHON", "runlens.pythonPath", "PATH". */
  source: string;
}

export class NoPythonError extends Error {
  constructor(readonly tried: string[]) {
    super(`No usable Python ${MIN_PYTHON.join('.')}+ found. Tried: ${tried.join('; ')}.`);
    this.name = 'NoPythonError';
  }
}

/** The usual candidates, in order: an explicit choice, RUNLENS_PYTHON, then python3 and python on PATH. */
export function defaultCandidates(explicit: PythonCandidate | null, env: NodeJS.ProcessEnv = process.env): PythonCandidate[] {
  const candidates: PythonCandidate[] = [];
  if (explicit && explicit.path) candidates.push(explicit);
  if (env.RUNLENS_PYTHON) candidates.push({ path: env.RUNLENS_PYTHON, source: 'RUNLENS_PYTHON' });
  candidates.push({ path: 'python3', source: 'PATH' }, { path: 'python', source: 'PATH' });
  return candidates;
}

const PROBE = 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])';
const resolved = new Map<string, Promise<PythonInterpreter>>();

/**
 * The first candidate that runs and is new enough, resolved once to its real executable
 * (a pyenv shim costs tens of milliseconds on every start).
 *
 * `lazy` (the CLI) skips starting Python just to ask its version when the candidate is already a
 * real executable: the tracer reports the version itself, and refuses to run on a Python that is
 * too old. Shims and wrapper scripts are always resolved, so each run starts the real binary.
 */
export async function resolvePython(candidates: PythonCandidate[], options: { lazy?: boolean } = {}): Promise<PythonInterpreter> {
  const tried: string[] = [];
  for (const candidate of candidates) {
    try {
      if (options.lazy) {
        const located = locate(candidate.path);
        if (!isScript(located)) return { executable: located, version: '', source: candidate.source };
      }
      return await probeCached(candidate);
    } catch (error) {
      tried.push(`${candidate.path} (${candidate.source}): ${(error as Error).message}`);
    }
  }
  throw new NoPythonError(tried);
}

function probeCached(candidate: PythonCandidate): Promise<PythonInterpreter> {
  const key = `${candidate.source}\0${candidate.path}`;
  let probe = resolved.get(key);
  if (!probe) {
    probe = probe_(candidate);
    resolved.set(key, probe);
    probe.catch(() => resolved.delete(key));
  }
  return probe;
}

async function probe_(candidate: PythonCandidate): Promise<PythonInterpreter> {
  const { executable, version } = await askVersion(candidate.path);
  if (!isSupported(version)) throw new Error(`Python ${version} is too old (${MIN_PYTHON.join('.')}+ needed)`);
  return { executable, version, source: candidate.source };
}

/** Start `command` to ask its real executable and version; works on any Python, 2.7 included. */
export async function askVersion(command: string): Promise<{ executable: string; version: string }> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(command, ['-c', PROBE], { timeout: 10_000 }, (error, out, err) => {
      if (!error) return resolve(out);
      const code = (error as NodeJS.ErrnoException).code;
      reject(new Error(code === 'ENOENT' ? 'not found' : (String(err).trim() || error.message).split('\n')[0]));
    }).stdin?.end();
  });
  const [executable, version] = stdout.trim().split(/\r?\n/);
  if (!executable || !version) throw new Error('did not report its version');
  return { executable, version };
}

/** "3.8.18" and newer. */
export function isSupported(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major! > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor! >= MIN_PYTHON[1]);
}

/** A command name looked up on PATH, or a path made absolute; throws "not found". */
function locate(command: string): string {
  const paths = command.includes('/') || isAbsolute(command)
    ? [resolve(command)]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, command));
  for (const path of paths) {
    try {
      accessSync(path, constants.X_OK);
      if (statSync(path).isFile()) return path;
    } catch {
      // not this one
    }
  }
  throw new Error('not found');
}

/** Shims (pyenv, asdf) and wrapper scripts start with "#!". */
function isScript(path: string): boolean {
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('latin1') === '#!';
}
