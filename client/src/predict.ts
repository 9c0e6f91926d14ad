// The pure half of "Runlens: Predict Output": which function the cursor is in (to pre-fill the
// input box when the server says the function has no doctest), and how a prediction reads as
// text. No `vscode` import (unit-tested).
import type { CallPrediction, FilePrediction } from '../../shared/protocol';

export interface EnclosingFunction {
  name: string;
  /** 0-based line of the `def`. */
  line: number;
  /** 0-based last line of the body. */
  endLine: number;
  /** Names of the enclosing classes, outermost first (a method is called on an instance). */
  classes: string[];
  /** Parameter names without self/cls, *args/**kwargs or defaults. */
  params: string[];
}

const DEF = /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(([^)]*)/;
const CLASS = /^(\s*)class\s+([A-Za-z_]\w*)/;

function indentOf(text: string): number {
  return /^\s*/.exec(text)![0].replace(/\t/g, '        ').length;
}

function isCode(text: string): boolean {
  const t = text.trim();
  return t !== '' && !t.startsWith('#');
}

/** Last 0-based line of the block that starts at `line` (a def or class header). */
function blockEnd(lines: string[], line: number): number {
  const indent = indentOf(lines[line]!);
  let end = line;
  let open = bracketDepth(lines[line]!);
  for (let i = line + 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (open > 0) {
      open += bracketDepth(text);
      end = i;
      continue;
    }
    if (!isCode(text)) continue;
    if (indentOf(text) <= indent) break;
    end = i;
  }
  return end;
}

function bracketDepth(text: string): number {
  let depth = 0;
  for (const ch of text.replace(/#.*$/, '')) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return depth;
}

/** The innermost function whose def line or body contains `cursor` (0-based), or null at module level. */
export function enclosingFunction(lines: string[], cursor: number): EnclosingFunction | null {
  for (let i = Math.min(cursor, lines.length - 1); i >= 0; i--) {
    const m = DEF.exec(lines[i]!);
    if (!m) continue;
    const end = blockEnd(lines, i);
    if (cursor > end) continue;
    return { name: m[2]!, line: i, endLine: end, classes: enclosingClasses(lines, i), params: parseParams(m[3]!) };
  }
  return null;
}

function enclosingClasses(lines: string[], line: number): string[] {
  const classes: string[] = [];
  let indent = indentOf(lines[line]!);
  for (let i = line - 1; i >= 0 && indent > 0; i--) {
    const text = lines[i]!;
    if (!isCode(text) || indentOf(text) >= indent) continue;
    indent = indentOf(text);
    const c = CLASS.exec(text);
    if (c) classes.unshift(c[2]!);
    else if (DEF.test(text)) break; // a nested function: not callable from outside
  }
  return classes;
}

function parseParams(raw: string): string[] {
  return raw
    .split(',')
    .map((p) => p.trim().split(/[:=]/)[0]!.trim())
    .filter((p) => p && p !== 'self' && p !== 'cls' && p !== '/' && p !== '*' && !p.startsWith('*'));
}

/** What the input box starts with: `name()` (or `Class().name()`), and where to put the cursor. */
export function callTemplate(fn: EnclosingFunction): { text: string; selection: [number, number] } {
  const receiver = fn.classes.length ? `${fn.classes.join('.')}().` : '';
  const head = `${receiver}${fn.name}(`;
  const args = fn.params.join(', ');
  return { text: `${head}${args})`, selection: [head.length, head.length + args.length] };
}

/** Checks a call typed into the input box; returns an error message or null. */
export function validateCall(text: string): string | null {
  const t = text.trim();
  if (!t) return 'Type a call, e.g. f(1, 2)';
  if (bracketDepth(t) !== 0) return 'Unbalanced brackets';
  if (!/\)\s*$/.test(t)) return 'A call ends with ")"';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Rendering a prediction (shared/protocol.ts CallPrediction / FilePrediction) as the text of a
// read-only runlens-output document.

/** `# Runlens prediction · file · call · summary`, `# → …` facts, then the printed output. */
export function formatPrediction(file: string, prediction: CallPrediction | FilePrediction): string {
  const out: string[] = [];
  if (prediction.kind === 'file') {
    out.push(`# Runlens prediction · ${file} · whole file · ${prediction.status ?? 'not run'}`);
    out.push(`# → ${prediction.summary}`);
  } else {
    out.push(`# Runlens prediction · ${file} · ${prediction.call || prediction.function || '?'} · ${prediction.status ?? 'not run'}`);
    if (prediction.exception) out.push(`# → raised ${prediction.exception.type}: ${firstLine(prediction.exception.message)}`);
    else if (prediction.returnValue !== null) out.push(`# → returned ${prediction.returnValue}`);
    else if (prediction.summary) out.push(`# → ${prediction.summary}`);
    if (prediction.path) out.push(`# → path ${prediction.path}`);
  }
  out.push(prediction.output ? '# → printed:' : '# → printed nothing');
  let text = out.join('\n') + '\n';
  if (prediction.output) text += prediction.output.endsWith('\n') ? prediction.output : `${prediction.output}\n`;
  return text;
}

/** The output document's header: `# Runlens output · examples/tour.py · ran in 42 ms · ok`. */
export function outputHeader(file: string, finished: string | null, status: string | null): string {
  return `# Runlens output · ${file} · ${finished ?? 'not run yet'}${status ? ` · ${status}` : ''}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
