// What processes a test's programs left behind, read from /proc on its own (not through the run
// layer's processTree.ts, which is what these helpers check). A test program tags the processes it
// starts through the environment (RUNLENS_TEST_TAG, inherited by every child that keeps its
// environment) or reports their pids in a file; the helpers find them, and wait, with a deadline,
// until none of them is alive. Linux only (they need /proc): tests of containment use them there.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { processesWithEntry } from '../../shared/processEnvironment';

export const TEST_TAG_VARIABLE = 'RUNLENS_TEST_TAG';

/** A fresh tag for one test's processes: put it in the run's environment as RUNLENS_TEST_TAG. */
export function newTag(): string {
  return `t${randomUUID()}`;
}

/** Is `pid` a live process (not a zombie)? Processes that reuse a reported pid later are told apart by `startTicks`. */
export function isRunning(pid: number, startTicks?: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return false;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (startTicks !== undefined && Number(fields[19]) !== startTicks) return false;
  return fields[0] !== 'Z' && fields[0] !== 'X';
}

/** The start time of a live process (clock ticks since boot), to recognise it later; null when gone. */
export function startTicksOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return null;
  }
}

/** Live processes whose command line (arguments joined with spaces) matches `pattern`, oldest first. */
export function processesRunning(pattern: RegExp): { pid: number; startTicks: number; commandLine: string }[] {
  const found: { pid: number; startTicks: number; commandLine: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    } catch {
      continue;
    }
    const startTicks = startTicksOf(Number(name));
    if (pattern.test(commandLine) && startTicks !== null && isRunning(Number(name))) found.push({ pid: Number(name), startTicks, commandLine });
  }
  return found.sort((a, b) => a.startTicks - b.startTicks);
}

/** Live processes whose environment carries RUNLENS_TEST_TAG=`tag`. */
export function taggedProcesses(tag: string): number[] {
  return processesWithEntry(TEST_TAG_VARIABLE, tag).filter((pid) => isRunning(pid));
}

/** Pids a program wrote to `file`, one per line (an absent file: none). */
export function reportedPids(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => /^\d+$/.test(l.trim())).map(Number);
}

/** Resolves when `probe()` is true; rejects with `what` when it is still false at the deadline. */
export async function waitUntil(probe: () => boolean, what: string, deadlineMs = 15_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`gave up after ${deadlineMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Resolves when none of the processes is alive; otherwise rejects at the deadline naming the ones
 * still running. `processes` is re-evaluated each time (a tag finds children started meanwhile).
 */
export async function waitUntilGone(processes: () => number[], what: string, deadlineMs = 15_000): Promise<void> {
  let alive: number[] = [];
  try {
    await waitUntil(() => (alive = processes().filter((pid) => isRunning(pid))).length === 0, `no ${what} is alive`, deadlineMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}; still alive: ${alive.map(describeProcess).join(', ')}`);
  }
}

function describeProcess(pid: number): string {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return `${pid} (${cmdline.slice(0, 80)})`;
  } catch {
    return String(pid);
  }
}
