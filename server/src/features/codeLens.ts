// Code lenses: a run summary above the first line, call summaries and the common path above each
// function, iteration counts above each loop. Every lens carries a server command.
import type { CodeLens } from 'vscode-languageserver';
import { COMMANDS } from '../../../shared/commands';
import type { FunctionRecord } from '../trace/types';
import { pathSummary } from '../trace/pathCompress';
import { count, oneLine, plural, runSummary } from './format';
import { displayLine, toCurrent, type TraceView } from './traceView';

/** Most return values listed in a function's lens. */
export const MAX_LENS_RETURNS = 3;

export function codeLenses(view: TraceView): CodeLens[] {
  const { index, uri } = view;
  const lenses: CodeLens[] = [];
  const at = (line: number, title: string, command: string, args: unknown[]) => {
    lenses.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command: { title, command, arguments: args } });
  };

  const summary = runSummary(index.trace, (l) => displayLine(view, l));
  at(0, summary, COMMANDS.showOutput, [{ uri }]);
  at(0, 'Show output', COMMANDS.showOutput, [{ uri }]);
  at(0, 'Show trace', COMMANDS.showTrace, [{ uri }]);

  for (const fn of index.functions) {
    const line = toCurrent(view, fn.line);
    if (line === null) continue;
    if (fn.calls === 0) {
      at(line, 'never ran · Predict output…', COMMANDS.predictCall, [{ uri, line }]);
      continue;
    }
    at(line, functionTitle(fn), COMMANDS.showTrace, [{ uri }]);
    const path = commonPath(fn);
    if (path) at(line, `path ${path}`, COMMANDS.showTrace, [{ uri }]);
  }

  for (const loop of index.trace.loops) {
    const line = toCurrent(view, loop.line);
    // A loop whose header never ran (in a function never called) has no count to show.
    if (line === null || !index.line(loop.line)) continue;
    const n = count(loop.iterations, loop.exact);
    at(line, `${n} ${loop.iterations === 1 && loop.exact ? 'iteration' : 'iterations'}`, COMMANDS.showTrace, [{ uri }]);
  }
  lenses.sort((a, b) => a.range.start.line - b.range.start.line);
  return lenses;
}

/** `3 calls · returned 1, 2, 6 · 2 paths` */
export function functionTitle(fn: FunctionRecord): string {
  const parts = [fn.exact ? plural(fn.calls, 'call') : `${fn.calls}+ calls`];
  const returned = fn.returns.map((r) => r.repr);
  if (returned.length > 0) {
    const shown = returned.length > MAX_LENS_RETURNS
      ? [...returned.slice(0, MAX_LENS_RETURNS - 1), '…', returned[returned.length - 1]!]
      : returned;
    parts.push(`returned ${shown.join(', ')}`);
  }
  const raised = [...new Set(fn.callSamples.filter((s) => s.exception).map((s) => oneLine(s.exception!.type, 100)))];
  if (raised.length > 0) parts.push(`raised ${raised.join(', ')}`);
  const paths = fn.paths.length;
  if (paths > 0) parts.push(fn.pathsTruncated ? `${paths}+ paths` : plural(paths, 'path'));
  return parts.join(' · ');
}

/** The most common executed path of a function, compressed: `2 → 3 → (4 → 5)×3 → 7`. */
export function commonPath(fn: FunctionRecord): string | null {
  let best = fn.paths[0];
  for (const p of fn.paths) if (best && p.count > best.count) best = p;
  if (!best || best.lines.length === 0) return null;
  return pathSummary(best.lines, best.truncated);
}
