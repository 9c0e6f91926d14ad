// Shared text helpers for the features: counts, durations, run summaries, markdown tables.
import { formatDuration } from '../../../shared/duration';
import type { CrashInfo, Trace } from '../trace/types';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Longest text from the program shown in one line (a summary, a lens, a diagnostic): past it, `…`. */
export const ONE_LINE_MAX = 500;

// C0 and C1 controls, DEL, line and paragraph separators, and the invisible characters that reorder
// text (bidirectional overrides and isolates, marks) or hide in it (zero-width, BOM).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from the program (an exception's type name or message, what the guard blocked) as one line:
 * control and invisible characters shown escaped as Python writes them (`\x1b`, `\n`, `\u202e`),
 * cut at `max` characters with `…`. Names a program makes up can hold anything:
 * `type('\x1b[31mBad\n', (Exception,), {})`.
 */
export function oneLine(text: string, max = ONE_LINE_MAX): string {
  const escaped = text.replace(UNPRINTABLE, (ch) => {
    const code = ch.charCodeAt(0);
    return ESCAPES[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
  const chars = Array.from(escaped);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : escaped;
}

/** `10`, or `10000+` when the count is a lower bound. */
export function count(n: number, exact: boolean): string {
  return exact ? String(n) : `${n}+`;
}


/** Program output as a terminal would show it: both streams interleaved, then the traceback. */
export function terminalOutput(trace: Trace): string {
  let text = trace.output.length > 0 ? trace.output.map((c) => c.text).join('') : trace.stdout + trace.stderr;
  if (trace.exception && trace.exception.traceback && !text.includes(trace.exception.traceback.trim())) {
    if (text && !text.endsWith('\n')) text += '\n';
    text += trace.exception.traceback;
  }
  if (trace.syntaxError && !text.includes('SyntaxError')) {
    if (text && !text.endsWith('\n')) text += '\n';
    text += `SyntaxError: ${trace.syntaxError.message} (line ${trace.syntaxError.line})\n`;
  }
  return text;
}

export function outputLineCount(trace: Trace): number {
  const text = trace.output.length > 0 ? trace.output.map((c) => c.text).join('') : trace.stdout + trace.stderr;
  if (!text) return 0;
  return text.replace(/\r?\n$/, '').split(/\r\n|\r|\n/).length;
}

/**
 * One line for a status bar or lens. `lineOf` turns a traced 1-based line into the line number to
 * show (the current position of that line, when it moved).
 */
export function runSummary(trace: Trace, lineOf: (line: number) => number = (l) => l): string {
  const at = (line: number | null | undefined) => (line ? ` at line ${lineOf(line)}` : '');
  const output = outputLineCount(trace);
  const outputText = output === 0 ? 'no output' : plural(output, 'line') + ' of output';
  switch (trace.status) {
    case 'ok':
      return `Ran in ${formatDuration(trace.durationMs)} · ${outputText}`;
    case 'exit':
      return `Exited with code ${trace.exitCode ?? 0} after ${formatDuration(trace.durationMs)} · ${outputText}`;
    case 'exception':
      return trace.exception ? `Raised ${oneLine(trace.exception.type)}${at(trace.exception.line)}` : 'Raised an exception';
    case 'syntax-error':
      return `Syntax error${at(trace.syntaxError?.line)}`;
    case 'timeout':
      return `Stopped after ${formatDuration(trace.limits.timeoutMs)}${at(trace.stoppedBy?.line)}`;
    case 'memory':
      return `Stopped at the memory limit (${trace.limits.memoryMb} MB)${at(trace.stoppedBy?.line)}`;
    case 'killed':
      if (trace.crash) return crashSentence(trace.crash, lineOf);
      if (trace.stoppedBy?.limit === 'cancelled') return 'Cancelled';
      if (trace.stoppedBy?.limit === 'output') return `Stopped at the output limit${at(trace.stoppedBy.line)}`;
      return trace.stoppedBy ? `Stopped: ${trace.stoppedBy.message}` : 'Stopped';
    case 'error':
      return `Could not trace the run: ${trace.failure?.message ?? 'unknown error'}`;
  }
}

/** How a crash reads, with the line as `lineOf` shows it: "Crashed: segmentation fault (SIGSEGV) at line 3". */
export function crashSentence(crash: CrashInfo, lineOf: (line: number) => number = (l) => l): string {
  if (crash.line === null) return crash.message;
  return `${crash.message} ${crash.lineIsExact ? 'at' : 'after'} line ${lineOf(crash.line)}`;
}

/** A markdown code span that survives backticks and table pipes. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, '⏎').replace(/\|/g, '\\|');
  const fence = flat.includes('`') ? '``' : '`';
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** `a = 1, b = 2` for the given names (all recorded names when none are given). */
export function bindings(values: Record<string, string>, names?: readonly string[]): string {
  const keys = names && names.length > 0 ? names.filter((n) => n in values) : Object.keys(values);
  return keys.map((k) => `${k} = ${values[k]}`).join(', ');
}
