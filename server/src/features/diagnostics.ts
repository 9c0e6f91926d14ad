// Diagnostics (source "runlens"): the uncaught exception, a syntax error, a run stopped by a limit,
// side effects the guard blocked, and a run that could not be traced.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import { formatDuration } from '../../../shared/duration';
import { toCurrent, type TraceView } from './traceView';

export const DIAGNOSTIC_SOURCE = 'runlens';

export function diagnostics(view: TraceView): Diagnostic[] {
  const { index, uri } = view;
  const trace = index.trace;
  const result: Diagnostic[] = [];
  const lineRange = (tracedLine: number): Range | null => {
    const current = toCurrent(view, tracedLine);
    if (current === null) return null;
    const text = view.currentLines[current] ?? '';
    const start = text.length - text.trimStart().length;
    return { start: { line: current, character: start }, end: { line: current, character: text.trimEnd().length } };
  };

  if (trace.status === 'error') {
    // Nothing the program did is known: say why on the first line, where the run summary is too.
    const first = view.currentLines[0] ?? '';
    result.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: first.trimEnd().length } },
      severity: DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      code: trace.failure?.kind ?? 'error',
      message: `Runlens could not trace this run: ${trace.failure?.message ?? 'unknown error'}`,
    });
  }

  if (trace.syntaxError) {
    const current = toCurrent(view, trace.syntaxError.line);
    if (current !== null) {
      const text = view.currentLines[current] ?? '';
      const col = Math.max(0, Math.min(trace.syntaxError.column, text.length));
      result.push({
        range: { start: { line: current, character: col }, end: { line: current, character: Math.max(col + 1, text.trimEnd().length) } },
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        code: 'syntax-error',
        message: `SyntaxError: ${trace.syntaxError.message}`,
      });
    }
  }

  const exception = trace.exception;
  if (exception && exception.line) {
    const range = lineRange(exception.line);
    if (range) {
      const related: DiagnosticRelatedInformation[] = [];
      for (const frame of exception.frames) {
        const frameRange = lineRange(frame.line);
        if (!frameRange) continue;
        related.push({ location: { uri, range: frameRange }, message: frame.function === '<module>' ? 'in the module' : `in ${frame.function}` });
      }
      result.push({
        range,
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        code: exception.type,
        message: `${exception.type}: ${exception.message}`,
        relatedInformation: related,
      });
    }
  }

  if ((trace.status === 'timeout' || trace.status === 'memory' || (trace.status === 'killed' && trace.stoppedBy?.limit !== 'cancelled')) &&
      trace.stoppedBy?.line) {
    const range = lineRange(trace.stoppedBy.line);
    if (range) {
      const message = trace.status === 'timeout'
        ? `Stopped after ${formatDuration(trace.limits.timeoutMs)} here (time limit): ${trace.stoppedBy.message}`
        : trace.stoppedBy.message;
      result.push({ range, severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, code: trace.stoppedBy.limit, message });
    }
  }
  for (const blocked of trace.blocked) {
    // An uncaught PermissionError from the guard is already the exception diagnostic.
    if (!blocked.line || (exception?.type === 'PermissionError' && exception.line === blocked.line)) continue;
    const range = lineRange(blocked.line);
    if (!range) continue;
    result.push({
      range,
      severity: DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      code: 'blocked',
      message: `Runlens blocked this while you typed: it would ${blocked.what} (${blocked.detail}). Runlens: Run Now runs it unguarded.`,
    });
  }
  return result;
}
