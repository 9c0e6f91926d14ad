// How a run ends, as a Trace, from whatever arrived: the final trace when the tracer sent one;
// otherwise the last snapshot with a sentence saying how the process ended; status `error` with a
// failure when the run could not be traced at all.
import { formatDuration as duration } from '../../../shared/duration';
import { emptyTrace } from '../trace/emptyTrace';
import { type CrashInfo, type LimitName, type OutputChunk, type RunFailure, type RunStatus, type Trace, type TraceLimits } from '../trace/types';
import { describeCrash } from './crash';
import type { RecordCollector } from './recordStream';
import type { TracerExit } from './spawn';

/** Everything known when the process has ended. */
export interface RunFacts {
  /** The file that ran (its frames are found in a crash dump). */
  entry: string;
  /** The interpreter's version as far as known (the start record's wins). */
  python: string;
  limits: TraceLimits;
  collector: RecordCollector;
  raw: RawOutput;
  exit: TracerExit;
  cancelled: boolean;
  /** Killed from outside after the tracer's own timeout plus the grace. */
  hardTimeout: boolean;
  /** Set when the interpreter turned out to be too old to run the tracer: the sentence saying so. */
  tooOld: string | null;
  elapsedMs: number;
}

export function endRun(facts: RunFacts): Trace {
  try {
    return ending(facts);
  } catch (error) {
    // Not expected (every record was checked), but a run must end as a trace whatever happens.
    return failed(facts, { kind: 'tracer', message: `Runlens could not read the run's results: ${(error as Error).message}` });
  }
}

function ending(facts: RunFacts): Trace {
  const { collector, raw, exit } = facts;
  if (exit.startError) return failed(facts, { kind: 'start', message: `Could not start the tracer: ${exit.startError}` });
  if (collector.problem) return failed(facts, { kind: 'record', message: collector.problem });
  if (collector.final) return mergeRawOutput(collector.final, raw);
  if (collector.failure) return failed(facts, { kind: 'tracer', message: `The tracer failed: ${collector.failure.join('; ')}` });
  if (!collector.start && !facts.cancelled && !facts.hardTimeout) {
    if (facts.tooOld) return failed(facts, { kind: 'python-too-old', message: facts.tooOld });
    return failed(facts, { kind: 'record', message: `The tracer ${how(exit)} without reporting anything${lastLine(raw.text('stderr'))}` });
  }
  return fromSnapshot(facts);
}

/** The run went on until the process ended without a final trace: the last snapshot, and why it ended. */
function fromSnapshot(facts: RunFacts): Trace {
  const { collector, raw } = facts;
  const ended = describeEnding(facts);
  const base = collector.snapshot ?? emptyTrace(collector.start?.python ?? facts.python, collector.start?.backend, facts.limits);
  const trace: Trace = {
    ...base,
    status: ended.status,
    durationMs: base.durationMs || facts.elapsedMs,
    stoppedBy: ended.limit ? { limit: ended.limit, message: ended.message, line: lastPathLine(base) } : base.stoppedBy,
    output: base.output.length >= collector.output.length ? base.output : collector.output,
    crash: ended.crash,
  };
  trace.stdout = joinStream(trace.output, 'stdout');
  trace.stderr = joinStream(trace.output, 'stderr');
  if (!ended.limit && !ended.crash) trace.stderr += ended.message ? `${ended.message}\n` : '';
  return mergeRawOutput(trace, raw);
}

interface Ending {
  status: RunStatus;
  limit: LimitName | null;
  message: string;
  crash: CrashInfo | null;
}

function describeEnding(facts: RunFacts): Ending {
  const ending = (status: RunStatus, limit: LimitName | null, message: string, crash: CrashInfo | null = null) => ({ status, limit, message, crash });
  if (facts.cancelled) return ending('killed', 'cancelled', 'Stopped: a newer version of the file replaced this run');
  if (facts.hardTimeout) {
    return ending('timeout', 'time', `Stopped after ${duration(facts.limits.timeoutMs)} (the program did not let the tracer stop it, so it was killed)`);
  }
  const stderr = facts.raw.text('stderr');
  if (/MemoryError|Cannot allocate memory|std::bad_alloc/.test(stderr)) {
    return ending('memory', 'memory', `Stopped: the program used more than ${facts.limits.memoryMb} MB of memory`);
  }
  if (facts.exit.signal) {
    const crash = describeCrash(facts.exit.signal, stderr, facts.entry, facts.collector.snapshot);
    return ending('killed', null, crash.message, crash);
  }
  return ending('killed', null, `The Python process ${how(facts.exit)} before the tracer could report`);
}

/** A run that could not be traced: nothing the program did is known but its output. */
function failed(facts: RunFacts, failure: RunFailure): Trace {
  const output = facts.collector.output;
  const trace: Trace = {
    ...emptyTrace(facts.collector.start?.python ?? facts.python, facts.collector.start?.backend, facts.limits),
    status: 'error',
    failure,
    durationMs: facts.elapsedMs,
    output: [...output],
    stdout: joinStream(output, 'stdout'),
    stderr: joinStream(output, 'stderr'),
  };
  return mergeRawOutput(trace, facts.raw);
}

function how(exit: TracerExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
}

function lastLine(text: string): string {
  const line = text.trim().split('\n').at(-1)?.trim();
  return line ? `: ${line}` : '';
}

function lastPathLine(trace: Trace): number | null {
  const lines = trace.path.lines;
  return lines.length ? lines[lines.length - 1]! : null;
}

/** Output that bypassed sys.stdout/sys.stderr (os.write, child processes) arrives on the real fds. */
export class RawOutput {
  private readonly chunks: { stream: 'stdout' | 'stderr'; text: string }[] = [];
  private bytes = 0;
  truncated = false;

  constructor(private readonly maxBytes: number) {}

  add(stream: 'stdout' | 'stderr', data: Buffer): void {
    if (this.bytes >= this.maxBytes) {
      this.truncated = true;
      return;
    }
    const room = this.maxBytes - this.bytes;
    const kept = data.length > room ? data.subarray(0, room) : data;
    if (kept.length < data.length) this.truncated = true;
    this.bytes += kept.length;
    this.chunks.push({ stream, text: kept.toString('utf8') });
  }

  text(stream: 'stdout' | 'stderr'): string {
    return this.chunks.filter((c) => c.stream === stream).map((c) => c.text).join('');
  }

  get empty(): boolean {
    return this.chunks.length === 0;
  }

  asChunks(): OutputChunk[] {
    return this.chunks.map((c) => ({ ...c, line: null }));
  }
}

function mergeRawOutput(trace: Trace, raw: RawOutput): Trace {
  if (raw.empty) return trace;
  return {
    ...trace,
    output: [...trace.output, ...raw.asChunks()],
    stdout: trace.stdout + raw.text('stdout'),
    stderr: trace.stderr + raw.text('stderr'),
    outputTruncated: trace.outputTruncated || raw.truncated,
  };
}

function joinStream(chunks: OutputChunk[], stream: 'stdout' | 'stderr'): string {
  return chunks.filter((c) => c.stream === stream).map((c) => c.text).join('');
}

/** A trace with nothing recorded (status `killed`): the base of runs that ended before reporting. */
