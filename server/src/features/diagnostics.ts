// Diagnostics (source "runlens"): the uncaught exception, a syntax error, a run stopped by a limit,
// side effects the guard blocked, and a run that could not be traced.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import { formatDuration } from '../../../shared/duration';
import type { BlockedOperation } from '../trace/types';
import { oneLine } from './format';
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

  const firstLine = (): Range => ({ start: { line: 0, character: 0 }, end: { line: 0, character: (view.currentLines[0] ?? '').trimEnd().length } });

  if (trace.status === 'error') {
    // Nothing the program did is known: say why on the first line, where the run summary is too.
    result.push({
      range: firstLine(),
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
        code: oneLine(exception.type, 100),
        message: oneLine(`${exception.type}: ${exception.message}`),
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
  if (trace.crash) {
    // At its line when one is known; else on the first line, where the run summary is.
    const crash = trace.crash;
    const range = (crash.line !== null ? lineRange(crash.line) : null) ?? firstLine();
    const where = crash.line === null ? '' : crash.lineIsExact ? ' at this line' : ' after this line ran';
    result.push({ range, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: crash.signal, message: `${crash.message}${where}` });
  }

  for (const group of blockedByLine(trace.blocked)) {
    const first = group[0]!;
    // An uncaught PermissionError from the guard is already the exception diagnostic.
    if (!first.line || (exception?.type === 'PermissionError' && exception.line === first.line)) continue;
    const range = lineRange(first.line);
    if (!range) continue;
    result.push({
      range,
      severity: DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      code: 'blocked',
      message: blockedMessage(group),
    });
  }
  return result;
}

/** What the guard blocked, one group per line and kind of operation (a loop blocks the same thing many times), in order. */
function blockedByLine(blocked: BlockedOperation[]): BlockedOperation[][] {
  const groups = new Map<string, BlockedOperation[]>();
  for (const op of blocked) {
    const key = `${op.line}\0${op.what}`;
    const group = groups.get(key);
    if (group) group.push(op);
    else groups.set(key, [op]);
  }
  return [...groups.values()];
}

/** "Runlens blocked this 3 times while you typed: it would delete a file (os.remove 'a.csv', and 2 more). …" */
function blockedMessage(group: BlockedOperation[]): string {
  const first = group[0]!;
  const details = [...new Set(group.map((op) => op.detail))];
  const others = details.length > 1 ? `, and ${details.length - 1} more` : '';
  const times = group.length > 1 ? ` ${group.length} times` : '';
  return `Runlens blocked this${times} while you typed: it would ${oneLine(first.what)} (${oneLine(first.detail)}${others}). Runlens: Run Now runs it unguarded.`;
}
