import type { FunctionRecord, LineRecord, StatementInfo, Trace } from './types';

export interface LineAnnotation {
  kind: 'values' | 'return' | 'exception';
  text: string;
}

/**
 * The one-line summary shown at the end of each line, for the CLI listing: the values a line
 * bound (`total = 42`, or `i: 0 … 9 ×10` for a line that ran more than once), what a `return`
 * line returned, and the uncaught exception where it was raised.
 */
export function lineAnnotations(trace: Trace, _source: string): Map<number, LineAnnotation> {
  const annotations = new Map<number, LineAnnotation>();
  for (const statement of trace.statements) {
    const text = valuesText(statement, trace.lines[String(statement.line)], iterationsOf(trace, statement.line));
    if (text) annotations.set(statement.endLine, { kind: 'values', text });
  }
  for (const [line, text] of returnTexts(trace.functions)) {
    const existing = annotations.get(line);
    annotations.set(line, { kind: 'return', text: existing ? `${existing.text}  ${text}` : text });
  }
  const raised = trace.exception?.line;
  if (raised && trace.exception) {
    annotations.set(raised, { kind: 'exception', text: exceptionText(trace.exception.type, trace.exception.message) });
  }
  return annotations;
}

export function exceptionText(type: string, message: string): string {
  return message ? `${type}: ${message}` : type;
}

/** `a = 1, b = 2` for one execution; `a: 1 … 5, b: 2 … 9 ×5` for several. */
export function valuesText(statement: StatementInfo, record: LineRecord | undefined, iterations: number | null): string {
  if (!record || record.samples.length === 0) return '';
  const first = record.samples[0]!.values;
  const lastSample = record.samples[record.samples.length - 1]!;
  const last = { ...lastSample.values, ...(record.final ?? {}) };
  const count = iterations ?? record.hits;
  const names = statement.names.filter((name) => name in first || name in last);
  if (names.length === 0) return '';
  if (count <= 1 && record.exact) {
    return names.map((name) => `${name} = ${last[name] ?? first[name]}`).join(', ');
  }
  const parts = names.map((name) => {
    const a = first[name];
    const b = last[name];
    if (a === undefined || b === undefined || a === b) return `${name}: ${b ?? a}`;
    return `${name}: ${a} … ${b}`;
  });
  return `${parts.join(', ')} ×${count}${record.exact ? '' : '+'}`;
}

/** For a `for` header the count that matters is the iterations, not the header's line events. */
function iterationsOf(trace: Trace, line: number): number | null {
  const loop = trace.loops.find((l) => l.line === line && l.kind === 'for');
  return loop ? loop.iterations : null;
}

/** `→ 6` for a line that returned once, `→ 6 (last of 3)` for several. */
function returnTexts(functions: FunctionRecord[]): Map<number, string> {
  const byLine = new Map<number, { last: string; count: number }>();
  for (const fn of functions) {
    for (const call of fn.callSamples) {
      if (call.return === undefined || call.returnLine == null) continue;
      const entry = byLine.get(call.returnLine) ?? { last: call.return, count: 0 };
      entry.last = call.return;
      entry.count++;
      byLine.set(call.returnLine, entry);
    }
  }
  const texts = new Map<number, string>();
  for (const [line, { last, count }] of byLine) texts.set(line, count > 1 ? `→ ${last} (last of ${count})` : `→ ${last}`);
  return texts;
}
