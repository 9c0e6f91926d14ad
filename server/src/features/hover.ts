// Hover on any line: how often it ran, iteration counts, sampled values; calls table on a def line.
import type { Hover } from 'vscode-languageserver';
import type { FunctionRecord } from '../trace/types';
import { code, count, table } from './format';
import { argsText, returnsTooltip, samplesTooltip } from './inlayHints';
import { commonPath, functionTitle } from './codeLens';
import { toTraced, type TraceView } from './traceView';

export function hover(view: TraceView, currentLine: number): Hover | null {
  const text = view.currentLines[currentLine] ?? '';
  if (!text.trim() || text.trim().startsWith('#')) return null;
  const range = { start: { line: currentLine, character: 0 }, end: { line: currentLine, character: text.length } };
  const traced = toTraced(view, currentLine);
  if (traced === null) {
    return { contents: { kind: 'markdown', value: '*Changed since the last run*' }, range };
  }
  const { index } = view;
  const sections: string[] = [];
  const fn = index.functionAtDef(traced);
  if (fn) sections.push(functionHover(fn));

  const st = index.statementAt(traced);
  const line = st ? st.line : traced;
  const record = index.line(line);
  const loop = index.loop(line);
  const executable = index.executableLines;
  if (fn) {
    // The def line itself only ran when the function was defined: the calls table says more.
  } else if (record && record.hits > 0) {
    const names = st?.binds ?? [];
    sections.push(samplesTooltip(line, record, names, loop ? `${count(loop.iterations, loop.exact)} ${loop.iterations === 1 ? 'iteration' : 'iterations'}` : undefined));
  } else if (executable.includes(line) || (executable.length === 0 && !record)) {
    sections.push('**Never ran**');
  }
  const returns = index.returnsAt(traced);
  if (returns) sections.push(returnsTooltip(traced, returns.samples));
  const exception = index.trace.exception;
  if (exception && exception.line === traced) sections.push(`**Raised** ${code(`${exception.type}: ${exception.message}`)}`);
  if (sections.length === 0) return null;
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range };
}

export function functionHover(fn: FunctionRecord): string {
  if (fn.calls === 0) return `**${fn.name}** never ran`;
  const rows = fn.callSamples.map((s) => [
    String(s.call),
    code(`${fn.name}(${argsText(s.args)})`),
    s.exception ? `raised ${code(`${s.exception.type}: ${s.exception.message}`)}` : code(s.return ?? 'None'),
  ]);
  const path = commonPath(fn);
  return `**${fn.name}** · ${functionTitle(fn)}\n\n${table(['call', 'arguments', 'result'], rows)}` +
    (path ? `\n\nMost common path: ${code(path)}` : '');
}
