// Which processes belong to a run, read from /proc (Linux). A run's processes are the tracer and
// everything it started, however they tried to leave: children that called setsid() or setpgid()
// leave the run's process group and session, and children whose parent exited are reparented away
// from the tracer. So a process belongs to the run when, started no earlier than the tracer, it
//   - is in the tracer's process group or session (both outlive the tracer itself), or
//   - carries the run's marker in its environment (inherited through fork and exec, so it survives
//     setsid, double forks and reparenting; only a process that also clears its environment loses
//     it), or
//   - has a parent that belongs to the run.
// Elsewhere (macOS, Windows) there is no /proc: `listRunProcesses` finds nothing and the run is
// contained by its process group only (spawn.ts).
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { processHasEntry } from '../../../shared/processEnvironment';

/** The environment variable every run's processes inherit: its value identifies the run. */
export const RUN_MARKER_VARIABLE = 'RUNLENS_RUN';

/** How a run is recognised: its tracer (the process group and session leader) and its marker. */
export interface RunIdentity {
  /** The tracer's pid, which is also the run's process group id and session id. */
  pid: number;
  /** The tracer's start time (clock ticks since boot): a later process with the same pid is another one. */
  startTicks: number;
  /** The value of RUNLENS_RUN in the run's environment. */
  marker: string;
}

export interface ProcessStat {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** R, S, D, T (stopped), t (traced), Z (zombie), X (dead), … */
  state: string;
  startTicks: number;
}

const PROC = '/proc';

/** True where runs can be swept through /proc. */
export const hasProcfs = process.platform === 'linux';

// A sweep reads a small file per process: open, read into one reused buffer, close is about
// twice as fast as readFileSync (which also stats and allocates).
let buffer = Buffer.alloc(64 * 1024);

/** A /proc file's bytes (valid until the next read), or null when it cannot be read. */
function readProcFile(path: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(buffer.length)]);
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.subarray(0, length);
      length += read;
    }
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** One process's /proc/<pid>/stat, or null when it is gone (or unreadable). */
export function readProcessStat(pid: number): ProcessStat | null {
  const bytes = readProcFile(`${PROC}/${pid}/stat`);
  return bytes ? parseProcessStat(bytes.toString('latin1')) : null;
}

/**
 * Parse a /proc/<pid>/stat line. The command name (field 2) is in parentheses and may itself hold
 * spaces and parentheses, so the fields after it are counted from the last ")".
 */
export function parseProcessStat(text: string): ProcessStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const pid = Number.parseInt(text, 10);
  const rest = text.slice(close + 2).split(' ');
  const field = (n: number) => Number(rest[n - 3]);
  const stat = { pid, state: rest[0] ?? '', ppid: field(4), pgid: field(5), sid: field(6), startTicks: field(22) };
  return Number.isInteger(stat.pid) && Number.isInteger(stat.ppid) && Number.isFinite(stat.startTicks) ? stat : null;
}

/** Every process in /proc that can be read. */
export function processTable(): ProcessStat[] {
  let names: string[];
  try {
    names = readdirSync(PROC);
  } catch {
    return [];
  }
  const table: ProcessStat[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const stat = readProcessStat(pid);
    if (stat) table.push(stat);
  }
  return table;
}

/** A process that still runs (zombies have ended, they only wait to be reaped). */
export function isAlive(stat: ProcessStat): boolean {
  return stat.state !== 'Z' && stat.state !== 'X' && stat.state !== 'x';
}

/** Does this process's environment carry `NAME=value`? (False when it cannot be read.) */
export function hasEnvironmentEntry(pid: number, name: string, value: string): boolean {
  return processHasEntry(pid, name, value, PROC);
}

/**
 * The live processes of a run, the tracer included while it lives (Linux; empty elsewhere).
 * `environment` is how a process's environment is read: tests give their own.
 */
export function listRunProcesses(run: RunIdentity, table = processTable(), environment = hasEnvironmentEntry): ProcessStat[] {
  const own = process.pid;
  const byPid = new Map(table.map((p) => [p.pid, p]));
  // The tracer's pid taken by another process: its group and session are that process's now.
  const tracer = byPid.get(run.pid);
  const groupIsOurs = !tracer || tracer.startTicks === run.startTicks;
  const candidates = table.filter((p) => p.pid !== own && isAlive(p) && p.startTicks >= run.startTicks);
  const members = new Set<number>();
  for (const p of candidates) {
    const leader = p.pid === run.pid && p.startTicks === run.startTicks;
    const grouped = groupIsOurs && (p.pgid === run.pid || p.sid === run.pid);
    if (leader || grouped || environment(p.pid, RUN_MARKER_VARIABLE, run.marker)) members.add(p.pid);
  }
  // Children of members, to a fixed point (a child that cleared its environment and left the session).
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of candidates) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  return candidates.filter((p) => members.has(p.pid));
}
