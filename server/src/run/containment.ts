// Every process of a run ends with it. The tracer starts as the leader of its own session and
// process group (spawn.ts); this module ends the whole run:
//   - cancelled, replaced, over its time limit, or this process exiting: SIGKILL at once to the
//     group and to every process of the run found in /proc (processTree.ts);
//   - the tracer ended by itself: what it left behind gets SIGTERM, then SIGKILL after a short
//     grace (a multiprocessing resource tracker, say, gets to clean up).
// Each sweep lists the run's processes before it signals any of them (a process whose parent dies
// is reparented away from the run's tree), and repeats while it finds new ones (a child forked
// between the listing and the signal). Without /proc (macOS) the process group is what there is:
// a process that leaves the group there is not found.
import { hasProcfs, listRunProcesses, readProcessStat, type RunIdentity } from './processTree';

/** How long processes a run left behind get between SIGTERM and SIGKILL, once its tracer has ended. */
export const LEFTOVER_GRACE_MS = 500;
/** Sweeps per kill: each one signals the processes the previous ones had not seen. */
const MAX_SWEEPS = 50;

type Signal = 'SIGTERM' | 'SIGKILL';

const live = new Set<RunContainment>();

export class RunContainment {
  private tracerEnded = false;
  private killed = false;
  private graceTimer: NodeJS.Timeout | null = null;
  private readonly signalled = new Map<Signal, Set<string>>();

  constructor(private readonly run: RunIdentity) {
    live.add(this);
    watchProcessSignals();
  }

  /** Contain the tracer just started as `pid` (its group and session leader), marked with `marker`. */
  static forTracer(pid: number, marker: string): RunContainment {
    return new RunContainment({ pid, marker, startTicks: readProcessStat(pid)?.startTicks ?? 0 });
  }

  /** Kill every process of the run now (SIGKILL); harmless when they are gone. */
  killNow(): void {
    this.stopGrace();
    this.killed = true;
    this.sweep('SIGKILL');
    if (this.tracerEnded) this.release();
  }

  /** The tracer process has ended (and been reaped): end what it left behind. */
  tracerExited(): void {
    this.tracerEnded = true;
    if (this.killed) return this.killNow();
    const found = this.sweep('SIGTERM');
    if (!found) return this.release();
    this.graceTimer = setTimeout(() => this.killNow(), LEFTOVER_GRACE_MS);
    // The process exiting sends SIGKILL itself (see watchProcessSignals): the grace never keeps it alive.
    this.graceTimer.unref();
  }

  /** Signal the group and every process found, until a sweep finds none it has not signalled. True when any was found. */
  private sweep(signal: Signal): boolean {
    const done = this.signalled.get(signal) ?? new Set<string>();
    this.signalled.set(signal, done);
    let foundAny = false;
    for (let round = 0; round < MAX_SWEEPS; round++) {
      const found = hasProcfs ? listRunProcesses(this.run).filter((p) => !done.has(`${p.pid}@${p.startTicks}`)) : [];
      // Once the tracer is reaped its pid may be reused: signal the group only while it provably exists.
      const groupExists = !this.tracerEnded || !hasProcfs || found.some((p) => p.pgid === this.run.pid);
      if (round === 0 && groupExists) foundAny = signalGroup(this.run.pid, signal) || foundAny;
      if (found.length === 0) break;
      foundAny = true;
      for (const p of found) {
        done.add(`${p.pid}@${p.startTicks}`);
        signalProcess(p.pid, signal);
      }
    }
    return foundAny;
  }

  private stopGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }

  private release(): void {
    this.stopGrace();
    live.delete(this);
    unwatchProcessSignalsWhenIdle();
  }
}

/** Kill every run still alive (this process is exiting). */
export function killAllRuns(): void {
  for (const run of [...live]) run.killNow();
}

/** Runs whose processes may still be alive (for tests). */
export function liveRunCount(): number {
  return live.size;
}

function signalGroup(pgid: number, signal: Signal): boolean {
  if (process.platform === 'win32') return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

function signalProcess(pid: number, signal: Signal): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}

// The runs' processes are in sessions of their own, so a terminal's Ctrl-C or hang-up reaches only
// this process: end the runs, then let the signal do what it would have done.
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let watching = false;

function onExit(): void {
  killAllRuns();
}

function onSignal(signal: NodeJS.Signals): void {
  killAllRuns();
  unwatchProcessSignals();
  // Only when nobody else handles it: then the default action (ending this process) takes place.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function watchProcessSignals(): void {
  if (watching) return;
  watching = true;
  process.on('exit', onExit);
  for (const signal of FORWARDED) process.on(signal, onSignal);
}

function unwatchProcessSignalsWhenIdle(): void {
  if (live.size === 0) unwatchProcessSignals();
}

function unwatchProcessSignals(): void {
  if (!watching) return;
  watching = false;
  process.off('exit', onExit);
  for (const signal of FORWARDED) process.off(signal, onSignal);
}
