import type { LimitName, OutputChunk, RunStatus, Trace, TraceLimits } from '../trace/types';
import { duration } from '../trace/duration';
import { TRACE_FORMAT } from '../trace/types';
import { PythonTooOldError } from './interpreter';
import { HARD_KILL_GRACE_MS, withDefaults } from './limits';
import { RecordCollector } from './recordStream';
import type { RunRequest, RunTrace } from './request';
import type { SpawnTracer, TracerExit } from './spawn';
import { tracerScriptPath } from './tracerScript';

/**
 * Run a source text under the tracer and return its trace. The tracer enforces the limits itself
 * and reports on fd 3; this side only backs it up: it kills a run that overstays its timeout or
 * is cancelled, and builds a trace from whatever had arrived when the run ended without one.
 */
export function createRunTrace(spawnTracer: SpawnTracer): RunTrace {
  return async (request, signal) => {
    const limits = withDefaults(request.limits);
    const config = JSON.stringify({
      mode: request.call ? 'call' : 'script',
      entry: request.path,
      call: request.call,
      traced: [request.path],
      texts: { [request.path]: request.source },
      cwd: request.cwd,
      argv: request.argv,
      guard: request.guard === true,
      limits,
    });
    const collector = new RecordCollector(request.onOutput);
    const raw = new RawOutput(limits.maxOutputBytes);
    const started = performance.now();
    let hardTimeout = false;

    const child = spawnTracer(request.python.executable, ['-X', 'utf8', tracerScriptPath()], {
      cwd: request.cwd,
      env: { ...request.env, PYTHONIOENCODING: 'utf-8', PYTHONUNBUFFERED: '1' },
      stdin: request.stdin ? new TextEncoder().encode(request.stdin) : null,
      config: new TextEncoder().encode(config),
      signal,
    });
    const timer = setTimeout(() => {
      hardTimeout = true;
      child.kill();
    }, limits.timeoutMs + HARD_KILL_GRACE_MS);
    child.records.on('data', (data: Buffer) => collector.push(data));
    child.stdout.on('data', (data: Buffer) => raw.add('stdout', data));
    child.stderr.on('data', (data: Buffer) => raw.add('stderr', data));

    let exit;
    try {
      exit = await child.exited;
    } finally {
      clearTimeout(timer);
    }
    return assemble({ request, signal, limits, collector, raw, exit, hardTimeout, elapsedMs: performance.now() - started });
  };
}

function assemble(run: {
  request: RunRequest;
  signal: AbortSignal | undefined;
  limits: TraceLimits;
  collector: RecordCollector;
  raw: RawOutput;
  exit: TracerExit;
  hardTimeout: boolean;
  elapsedMs: number;
}): Trace {
  const { request, signal, limits, collector, raw, exit, hardTimeout, elapsedMs } = run;
  if (collector.final) return mergeRawOutput(collector.final, raw);
  const tooOld = /runlens: (Python \S+ is too old[^\n]*)/.exec(raw.text('stderr'));
  if (!collector.start && tooOld) throw new PythonTooOldError(`${request.python.executable}: ${tooOld[1]}`);

  const ended = describeEnding({
    cancelled: signal?.aborted ?? false,
    hardTimeout,
    stderr: raw.text('stderr'),
    exitCode: exit.exitCode,
    signal: exit.signal,
    failedToStart: exit.startError,
    limits,
  });
  const base = collector.snapshot ?? emptyTrace(collector.start?.python ?? request.python.version, collector.start?.backend, limits);
  const trace: Trace = {
    ...base,
    status: ended.status,
    durationMs: base.durationMs || elapsedMs,
    stoppedBy: ended.limit
      ? { limit: ended.limit, message: ended.message, line: lastLine(base) }
      : base.stoppedBy,
    output: base.output.length >= collector.output.length ? base.output : collector.output,
  };
  trace.stdout = joinStream(trace.output, 'stdout');
  trace.stderr = joinStream(trace.output, 'stderr');
  if (!ended.limit) trace.stderr += ended.message ? `${ended.message}\n` : '';
  return mergeRawOutput(trace, raw);
}

interface Ending {
  status: RunStatus;
  limit: LimitName | null;
  message: string;
}

function describeEnding(facts: {
  cancelled: boolean;
  hardTimeout: boolean;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  failedToStart: string | null;
  limits: TraceLimits;
}): Ending {
  if (facts.cancelled) return { status: 'killed', limit: 'cancelled', message: 'Stopped: a newer version of the file replaced this run' };
  if (facts.hardTimeout) {
    return { status: 'timeout', limit: 'time', message: `Stopped after ${duration(facts.limits.timeoutMs)} (the program did not let the tracer stop it, so it was killed)` };
  }
  if (/MemoryError|Cannot allocate memory|std::bad_alloc/.test(facts.stderr)) {
    return { status: 'memory', limit: 'memory', message: `Stopped: the program used more than ${facts.limits.memoryMb} MB of memory` };
  }
  if (facts.failedToStart) return { status: 'killed', limit: null, message: `Python could not be started: ${facts.failedToStart}` };
  const how = facts.signal ? `was killed by ${facts.signal}` : `exited with code ${facts.exitCode}`;
  return { status: 'killed', limit: null, message: `The Python process ${how} before the tracer could report` };
}

function lastLine(trace: Trace): number | null {
  const lines = trace.path.lines;
  return lines.length ? lines[lines.length - 1]! : null;
}


/** Output that bypassed sys.stdout/sys.stderr (os.write, child processes) arrives on the real fds. */
class RawOutput {
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
  const output = [...trace.output, ...raw.asChunks()];
  return {
    ...trace,
    output,
    stdout: trace.stdout + raw.text('stdout'),
    stderr: trace.stderr + raw.text('stderr'),
    outputTruncated: trace.outputTruncated || raw.truncated,
  };
}

function joinStream(chunks: OutputChunk[], stream: 'stdout' | 'stderr'): string {
  return chunks.filter((c) => c.stream === stream).map((c) => c.text).join('');
}

export function emptyTrace(python: string, backend: Trace['backend'] | undefined, limits: TraceLimits): Trace {
  return {
    format: TRACE_FORMAT,
    python,
    backend: backend ?? 'settrace',
    status: 'killed',
    durationMs: 0,
    exitCode: null,
    stoppedBy: null,
    stdout: '',
    stderr: '',
    output: [],
    outputTruncated: false,
    result: null,
    exception: null,
    syntaxError: null,
    lines: {},
    path: { lines: [], truncated: false },
    functions: [],
    loops: [],
    structure: null,
    guarded: false,
    blocked: [],
    tracingStopped: false,
    limits,
    tracerErrors: [],
  };
}
