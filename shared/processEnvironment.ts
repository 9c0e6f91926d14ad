// Reading which processes carry an environment entry, from /proc (Linux only). Used by the server
// (a run's processes carry RUNLENS_RUN), the client (its server's leftovers carry RUNLENS_SERVER_ID)
// and the tests (their processes carry a tag).
import { readdirSync, readFileSync } from 'node:fs';

/** Does this environment block (NUL-separated `NAME=value` entries) hold `NAME=value`? */
export function environmentHasEntry(environ: Buffer, name: string, value: string): boolean {
  const entry = Buffer.from(`${name}=${value}\0`);
  const at = environ.indexOf(entry);
  return at === 0 || (at > 0 && environ[at - 1] === 0);
}

/** Does process `pid` carry `NAME=value`? False when its environment cannot be read (gone, or not ours). */
export function processHasEntry(pid: number, name: string, value: string, proc = '/proc'): boolean {
  let environ: Buffer;
  try {
    environ = readFileSync(`${proc}/${pid}/environ`);
  } catch {
    return false;
  }
  return environmentHasEntry(environ, name, value);
}

/** Pids of the processes whose environment carries `NAME=value` (empty where there is no /proc). */
export function processesWithEntry(name: string, value: string, proc = '/proc'): number[] {
  let names: string[];
  try {
    names = readdirSync(proc);
  } catch {
    return [];
  }
  return names.filter((n) => /^\d+$/.test(n)).map(Number).filter((pid) => processHasEntry(pid, name, value, proc));
}
