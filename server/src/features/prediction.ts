// "Predict output": what a call-mode trace says a call did, as the client shows it.
import type { CallPrediction } from '../../../shared/protocol';
import type { Trace } from '../trace/types';
import { commonPath } from './codeLens';
import { runSummary, terminalOutput } from './format';

/** The prediction of `call` (in function `fnName`, if any) from its call-mode trace. */
export function callPrediction(base: CallPrediction, trace: Trace, call: string, fnName: string | null): CallPrediction {
  const fn = fnName ? trace.functions.find((f) => f.name === fnName) : undefined;
  const exception = trace.exception ? { type: trace.exception.type, message: trace.exception.message, traceback: trace.exception.traceback } : null;
  const returnValue = trace.result?.repr ?? null;
  let summary: string;
  if (exception) summary = `${call} raised ${exception.type}: ${exception.message}`;
  else if (trace.syntaxError) summary = `Syntax error at line ${trace.syntaxError.line}: ${trace.syntaxError.message}`;
  else if (returnValue !== null && (trace.status === 'ok' || trace.status === 'exit')) summary = `${call} → ${returnValue}`;
  else summary = `${call}: ${runSummary(trace)}`;
  return {
    ...base,
    status: trace.status,
    returnValue,
    output: terminalOutput(trace),
    exception,
    path: fn ? commonPath(fn) : null,
    summary,
  };
}
