// Inlay hints at the end of executed lines: values bound, loop counts, returned values, exceptions.
import type { InlayHint, MarkupContent, Range } from 'vscode-languageserver';
import type { CallSample, LineRecord } from '../trace/types';
import { bindings, code, count, oneLine, table } from './format';
import { spanToCurrent, type TraceView } from './traceView';

export type HintKind = 'values' | 'loops' | 'returns' | 'exceptions';

interface Part {
  kind: HintKind;
  label: string;
  tooltip: string;
}

/** Most sampled executions listed in a tooltip table. */
export const MAX_TOOLTIP_ROWS = 12;

export function inlayHints(view: TraceView, range?: Range): InlayHint[] {
  const { index, settings } = view;
  const parts = new Map<number, Part[]>(); // traced 1-based anchor line → parts
  const add = (line: number, part: Part) => {
    if (!settings.inlayHints[part.kind]) return;
    const list = parts.get(line) ?? [];
    list.push(part);
    parts.set(line, list);
  };

  for (const st of index.statements()) {
    const record = index.line(st.line);
    if (!record || record.hits === 0 || record.samples.length === 0) continue;
    const part = valuePart(view, st.line, st.binds, record);
    if (part) add(st.endLine, part);
  }
  const seenReturns = new Set<number>();
  for (const fn of index.trace.functions) {
    for (const sample of fn.callSamples) {
      const line = sample.returnLine;
      if (line == null || seenReturns.has(line)) continue;
      seenReturns.add(line);
      const info = index.returnsAt(line);
      if (!info) continue;
      const label = info.count > 1 ? `→ ${info.last} (×${count(info.count, info.exact)})` : `→ ${info.last}`;
      add(line, { kind: 'returns', label, tooltip: returnsTooltip(line, info.samples) });
    }
  }
  const exception = index.trace.exception;
  if (exception && exception.line) {
    add(exception.line, {
      kind: 'exceptions',
      // The message's first line only; what a program makes up (a type named "\x1b[31mBad\n") shown escaped.
      label: `${oneLine(exception.type, 100)}: ${oneLine(exception.message.replace(/\s*\n[\s\S]*/, ''))}`,
      tooltip: '```\n' + (exception.traceback || `${exception.type}: ${exception.message}`).trimEnd() + '\n```',
    });
  }

  const hints: InlayHint[] = [];
  for (const [line, list] of parts) {
    const span = spanToCurrent(view, line, line);
    const current = span?.line ?? null;
    if (current === null) continue;
    if (range && (current < range.start.line || current > range.end.line)) continue;
    const text = view.currentLines[current] ?? '';
    const tooltip: MarkupContent = { kind: 'markdown', value: list.map((p) => p.tooltip).join('\n\n---\n\n') };
    hints.push({
      position: { line: current, character: text.length },
      label: list.map((p) => p.label).join('  '),
      paddingLeft: true,
      tooltip,
    });
  }
  hints.sort((a, b) => a.position.line - b.position.line);
  return hints;
}

function valuePart(view: TraceView, line: number, names: readonly string[], record: LineRecord): Part | null {
  const { index } = view;
  const st = index.statementAt(line);
  if (st && spanToCurrent(view, st.line, st.endLine) === null) return null;
  const loop = index.loop(line);
  // Executions of the statement: a comprehension's line events also count as hits, so use the
  // last sampled execution number while the count is exact.
  const lastHit = record.samples.reduce((m, s) => Math.max(m, s.hit), 0);
  const times = loop ? loop.iterations : record.exact && lastHit > 0 ? lastHit : record.hits;
  const exact = loop ? loop.exact : record.exact;
  const ends = index.firstAndLast(line);
  if (!ends) return null;
  const keys = names.length > 0 ? names.filter((n) => n in ends.first || n in ends.last) : Object.keys(ends.first);
  if (keys.length === 0) return null;
  const tooltip = samplesTooltip(line, record, keys, loop ? `${count(times, exact)} iterations` : undefined);
  if (times <= 1) {
    return { kind: 'values', label: bindings(ends.first, keys), tooltip };
  }
  const ranges = keys.map((k) => {
    const first = ends.first[k];
    const last = ends.last[k];
    if (first === undefined) return `${k}: ${last}`;
    if (last === undefined || last === first) return `${k}: ${first}`;
    return `${k}: ${first} … ${last}`;
  });
  return { kind: 'loops', label: `${ranges.join(', ')} ×${count(times, exact)}`, tooltip };
}

export function samplesTooltip(line: number, record: LineRecord, names: readonly string[], extra?: string): string {
  const head = `**Line ${line}** ran ${record.hits === 1 ? 'once' : `${count(record.hits, record.exact)} times`}` +
    (extra ? ` · ${extra}` : '');
  const rows: string[][] = [];
  let previous = 0;
  const samples = record.samples.slice(0, MAX_TOOLTIP_ROWS);
  for (const sample of samples) {
    if (sample.hit > previous + 1 && previous > 0) rows.push(['…', '']);
    rows.push([String(sample.hit), code(bindings(sample.values, names)) || '']);
    previous = sample.hit;
  }
  if (record.final && Object.keys(record.final).length > 0) {
    rows.push(['…', ''], ['last', code(bindings(record.final, names))]);
  }
  return rows.length > 0 ? `${head}\n\n${table(['execution', 'values'], rows)}` : head;
}

export function returnsTooltip(line: number, samples: readonly CallSample[]): string {
  const rows = samples.slice(0, MAX_TOOLTIP_ROWS).map((s) => [String(s.call), code(argsText(s.args)), code(s.return ?? '')]);
  return `**Line ${line}** returned\n\n${table(['call', 'arguments', 'returned'], rows)}`;
}

export function argsText(args: Record<string, string>): string {
  return Object.entries(args).map(([k, v]) => `${k}=${v}`).join(', ');
}
