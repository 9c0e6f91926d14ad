// "Predict output": what a call-mode trace says a call did, as clients show it.
import type { CallPrediction } from '../../../shared/protocol';
import type { Trace } from '../trace/types';
import { commonPath } from './codeLens';
import { oneLine, runSummary, terminalOutput } from './format';

/**
 * The prediction of `call` from its call-mode trace; `fnLine` is the 1-based `def` line of the
 * function predicted (in the text that ran), for its executed path.
 */
export function callPrediction(base: CallPrediction, trace: Trace, call: string, fnLine: number | null): CallPrediction {
  const fn = fnLine !== null ? trace.functions.find((f) => f.line === fnLine) : undefined;
  const exception = trace.exception ? { type: trace.exception.type, message: trace.exception.message, traceback: trace.exception.traceback } : null;
  const returnValue = trace.result?.repr ?? null;
  let summary: string;
  if (exception) summary = `${call} raised ${oneLine(`${exception.type}: ${exception.message}`)}`;
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

/** `# → value` comment text appended to a line (replacing an earlier prediction comment). */
export function predictionComment(lineText: string, value: string): { start: number; text: string } {
  const existing = /\s*# → .*$/.exec(lineText);
  const start = existing ? existing.index : lineText.trimEnd().length;
  return { start, text: `  # → ${oneLine(value.replace(/\r?\n/g, ' '), 10_000)}` };
}
