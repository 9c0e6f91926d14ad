import { protectionText } from '../../../shared/sandbox';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { runSummary } from '../features/format';
import { inlayHints } from '../features/inlayHints';
import type { TraceView } from '../features/traceView';
import { LineMap, splitLines } from '../trace/lineMap';
import { TraceIndex } from '../trace/traceIndex';
import type { Trace } from '../trace/types';

interface LineAnnotation {
  kind: 'values' | 'exception';
  text: string;
}

/** The editor's inlay hints, by 1-based line: the CLI shows exactly what the editor shows. */
function lineAnnotations(trace: Trace, source: string): Map<number, LineAnnotation> {
  const lines = splitLines(source);
  const view: TraceView = {
    uri: 'file:///cli',
    index: new TraceIndex(trace, source, 0),
    map: new LineMap(lines),
    settings: DEFAULT_SETTINGS,
    currentLines: lines,
  };
  const annotations = new Map<number, LineAnnotation>();
  for (const hint of inlayHints(view)) {
    const label = typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
    const raised = trace.exception?.line === hint.position.line + 1;
    annotations.set(hint.position.line + 1, { kind: raised ? 'exception' : 'values', text: label });
  }
  return annotations;
}

export interface Style {
  dim(text: string): string;
  hint(text: string): string;
  error(text: string): string;
  warn(text: string): string;
  bold(text: string): string;
}

const plain: Style = { dim: (t) => t, hint: (t) => t, error: (t) => t, warn: (t) => t, bold: (t) => t };

const ansi = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
export const colours: Style = {
  dim: ansi(2, 22),
  hint: ansi(36, 39),
  error: ansi(31, 39),
  warn: ansi(33, 39),
  bold: ansi(1, 22),
};

export function styleFor(useColour: boolean): Style {
  return useColour ? colours : plain;
}

/** Where hints start: past most lines, but a very long line pushes only its own hint. */
const MAX_HINT_COLUMN = 60;

/**
 * The source listing annotated the way the editor shows it: a hit-count gutter, values at line
 * ends, the exception where it was raised, and a dot for lines that never ran; then the output
 * and how the run ended.
 */
export function renderAnnotated(trace: Trace, source: string, fileLabel: string, style: Style): string {
  const sourceLines = splitLines(source);
  if (sourceLines.length > 1 && sourceLines[sourceLines.length - 1] === '') sourceLines.pop();
  const annotations = lineAnnotations(trace, source);
  const executable = new Set(trace.structure?.executableLines ?? []);
  const numberWidth = String(sourceLines.length).length;
  const countWidth = Math.max(3, ...[...Object.values(trace.lines)].map((l) => formatCount(l.hits, l.exact).length));
  const hintColumn = Math.min(
    MAX_HINT_COLUMN,
    Math.max(0, ...sourceLines.map((text, i) => (annotations.has(i + 1) ? expandTabs(text).length : 0))),
  );

  const out: string[] = [];
  const protection = trace.sandbox && (trace.guarded || trace.sandbox.kind !== 'none') ? ` · ${protectionText(trace.sandbox)}` : '';
  out.push(style.bold(`runlens ${fileLabel}`) + style.dim(` · Python ${trace.python}${protection}`));
  out.push('');
  sourceLines.forEach((rawText, index) => {
    const line = index + 1;
    const text = expandTabs(rawText);
    const record = trace.lines[String(line)];
    // After tracing stopped early, a line without hits may still have run untraced.
    const neverRan = !record && executable.has(line) && trace.status !== 'syntax-error' && !trace.tracingStopped;
    const count = record ? formatCount(record.hits, record.exact) : neverRan ? '·' : '';
    const gutter = `${String(line).padStart(numberWidth)} ${count.padStart(countWidth)} │ `;
    const annotation = annotations.get(line);
    let row = (neverRan ? style.dim(gutter + text) : style.dim(gutter) + text);
    if (annotation) row += ' '.repeat(Math.max(2, hintColumn - text.length + 2)) + paint(annotation, style);
    out.push(row.replace(/\s+$/, ''));
  });
  out.push('');
  if (trace.stdout || trace.stderr) {
    out.push(style.dim('── output ' + '─'.repeat(30)));
    for (const chunk of trace.output) out.push(...chunkLines(chunk.text, chunk.stream === 'stderr' ? style.error : (t) => t));
    if (!/\n$/.test(trace.output.at(-1)?.text ?? '\n')) out.push('');
    if (trace.outputTruncated) out.push(style.warn('(output cut at the output limit)'));
  }
  const summary = runSummary(trace) + (trace.stoppedBy?.limit === 'time' ? ' (time limit)' : '');
  const paintSummary = trace.status === 'ok' ? style.bold : trace.status === 'timeout' || trace.status === 'exit' ? style.warn : style.error;
  out.push(paintSummary(summary));
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

function paint(annotation: LineAnnotation, style: Style): string {
  return annotation.kind === 'exception' ? style.error(annotation.text) : style.hint(annotation.text);
}

function chunkLines(text: string, paint: (t: string) => string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map(paint);
}

export function formatCount(hits: number, exact: boolean): string {
  return `×${hits}${exact ? '' : '+'}`;
}

function expandTabs(text: string): string {
  let column = 0;
  let out = '';
  for (const ch of text) {
    if (ch === '\t') {
      const spaces = 8 - (column % 8);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column++;
    }
  }
  return out;
}
