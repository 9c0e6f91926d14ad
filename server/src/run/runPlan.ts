import { HARD_KILL_GRACE_MS } from '../../../shared/limits';
import { askVersion, isSupported } from './interpreter';
import { resolveLimits } from './limits';
import { tracerConfig, type RunPlan, type RunPlanFn } from './plan';
import { RecordCollector } from './recordStream';
import { endRun, RawOutput, type RunFacts } from './runEnding';
import { spawnTracer, type TracerExit, type TracerProcess } from './spawn';
import { tracerScriptPath } from './tracerScript';

const TOO_OLD = /runlens: (Python \S+ is too old[^\n]*)/;
const NOT_STARTED: TracerExit = { exitCode: null, signal: null, startError: null };

/**
 * Run a plan under the tracer and return its trace; never rejects. The tracer enforces the limits
 * itself and reports on fd 3; this side checks every record, kills a run that overstays its
 * timeout, is cancelled or sends a malformed record, and builds a trace from whatever had arrived
 * when the run ended without one.
 */
export const runPlan: RunPlanFn = async (plan, options = {}) => {
  const limits = resolveLimits(plan.limits);
  const started = performance.now();
  let child: TracerProcess | null = null;
  const collector = new RecordCollector({ onOutput: options.onOutput, onProblem: () => child?.kill() });
  const facts: RunFacts = {
    entry: plan.entry, python: plan.python.version, limits, collector, raw: new RawOutput(limits.maxOutputBytes),
    exit: NOT_STARTED, cancelled: false, hardTimeout: false, tooOld: null, elapsedMs: 0,
  };
  if (options.signal?.aborted) return endRun({ ...facts, cancelled: true });
  let script: string;
  try {
    script = tracerScriptPath();
  } catch (error) {
    return endRun({ ...facts, exit: { ...NOT_STARTED, startError: (error as Error).message } });
  }

  child = spawnTracer(plan.python.executable, ['-X', 'utf8', script], {
    cwd: plan.cwd,
    env: { ...plan.env, PYTHONIOENCODING: 'utf-8', PYTHONUNBUFFERED: '1' },
    stdin: new TextEncoder().encode(plan.stdin),
    config: new TextEncoder().encode(JSON.stringify(tracerConfig(plan))),
    signal: options.signal,
  });
  collector.tracerPid = child.pid;
  // At most 10 minutes plus the grace (limits are clamped): Node's timers overflow past 2^31-1 ms.
  const timer = setTimeout(() => {
    facts.hardTimeout = true;
    child?.kill();
  }, limits.timeoutMs + HARD_KILL_GRACE_MS);
  child.records.on('data', (data: Buffer) => collector.push(data));
  child.stdout.on('data', (data: Buffer) => facts.raw.add('stdout', data));
  child.stderr.on('data', (data: Buffer) => facts.raw.add('stderr', data));
  facts.exit = await child.exited;
  clearTimeout(timer);
  facts.cancelled = options.signal?.aborted ?? false;
  const silent = !collector.start && !facts.exit.startError && !facts.cancelled && !facts.hardTimeout;
  if (silent) facts.tooOld = await tooOld(plan, facts.raw.text('stderr'));
  facts.elapsedMs = performance.now() - started;
  return endRun(facts);
};

/** Nothing arrived: was the interpreter too old to run the tracer? (Python 2 does not even reach its version check.) */
async function tooOld(plan: RunPlan, stderr: string): Promise<string | null> {
  const reported = TOO_OLD.exec(stderr);
  if (reported) return `${plan.python.executable}: ${reported[1]}`;
  const version = await askVersion(plan.python.executable).then((v) => v.version, () => null);
  return version && !isSupported(version) ? `${plan.python.executable}: Python ${version} is too old (Runlens needs 3.8 or newer)` : null;
}
