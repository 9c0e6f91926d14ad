// Traces of runs that recorded nothing: the base the run layer fills from whatever arrived, and the
// trace of a run that could not be traced at all (status "error": nothing the program did is
// known, only why), so features, summaries and diagnostics handle every ending the same way.
import { TRACE_FORMAT, type RunFailure, type Trace, type TraceLimits } from './types';

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

export function failedTrace(python: string, limits: TraceLimits, failure: RunFailure): Trace {
  return { ...emptyTrace(python, undefined, limits), status: 'error', failure };
}
