// The trace of a run that could not be traced (status "error"): nothing the program did is known,
// only why. The server builds one when the run layer itself failed, so features, summaries and
// diagnostics handle every failure the same way.
import { TRACE_FORMAT, type RunFailure, type Trace, type TraceLimits } from './types';

export function failedTrace(python: string, limits: TraceLimits, failure: RunFailure): Trace {
  return {
    format: TRACE_FORMAT,
    python,
    backend: 'settrace',
    status: 'error',
    durationMs: 0,
    exitCode: null,
    failure,
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
