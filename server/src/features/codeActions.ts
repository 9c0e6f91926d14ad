// Code actions: predict a function's output, predict the file's output, insert a prediction comment.
import type { CodeAction, Command, Range } from 'vscode-languageserver';
import { COMMANDS, type InsertPredictionArgs, type PredictCallArgs } from '../../../shared/protocol';
import { bareExpression, doctestCalls, doctestExpression } from './doctest';
import { toCurrent, toTraced, type TraceView } from './view';

export interface ActionContext {
  uri: string;
  /** Current document text, split into lines. */
  lines: readonly string[];
  view: TraceView | null;
}

export const ACTION_TITLES = {
  predictCall: 'Predict output',
  predictFile: 'Predict output of this file',
  insertPrediction: 'Insert predicted output as comment',
} as const;

export function codeActionCommands(ctx: ActionContext, range: Range): Command[] {
  const { uri, lines, view } = ctx;
  const commands: Command[] = [];
  const line = range.start.line;
  const fn = enclosingFunction(ctx, line);
  if (fn) {
    const args: PredictCallArgs = { uri, line: fn.defLine };
    const call = doctestCalls(lines.slice(fn.defLine, fn.endLine + 1), fn.name)[0];
    if (call) args.call = call;
    commands.push({ title: call ? `${ACTION_TITLES.predictCall}: ${call}` : `${ACTION_TITLES.predictCall}…`, command: COMMANDS.predictCall, arguments: [args] });
  }
  if (view) commands.push({ title: ACTION_TITLES.predictFile, command: COMMANDS.predictFile, arguments: [{ uri }] });
  const text = lines[line] ?? '';
  if (doctestExpression(text) || (bareExpression(text) && !inDocstring(lines, line))) {
    const args: InsertPredictionArgs = { uri, line };
    commands.push({ title: ACTION_TITLES.insertPrediction, command: COMMANDS.insertPrediction, arguments: [args] });
  }
  return commands;
}

export function asCodeActions(commands: Command[]): CodeAction[] {
  return commands.map((command) => ({ title: command.title, command }));
}

export interface FunctionSpan {
  name: string;
  /** 0-based current lines. */
  defLine: number;
  endLine: number;
}

/** The innermost function around a current line: from the trace when its def is unchanged, else from the text. */
export function enclosingFunction(ctx: ActionContext, line: number): FunctionSpan | null {
  const { view } = ctx;
  if (view) {
    const traced = toTraced(view, line);
    if (traced !== null) {
      const fn = view.index.functionContaining(traced);
      const defLine = fn ? toCurrent(view, fn.line) : null;
      if (fn && defLine !== null) {
        const end = toCurrent(view, fn.endLine);
        return { name: fn.name, defLine, endLine: end ?? textFunctionEnd(ctx.lines, defLine) };
      }
    }
  }
  return textEnclosingFunction(ctx.lines, line);
}

/** Indentation-based: the nearest `def` at or above the line whose body contains it. */
export function textEnclosingFunction(lines: readonly string[], line: number): FunctionSpan | null {
  for (let l = Math.min(line, lines.length - 1); l >= 0; l--) {
    const m = /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(lines[l] ?? '');
    if (!m) continue;
    const end = textFunctionEnd(lines, l);
    if (line <= end) return { name: m[2]!, defLine: l, endLine: end };
  }
  return null;
}

function textFunctionEnd(lines: readonly string[], defLine: number): number {
  const indent = indentOf(lines[defLine] ?? '');
  let end = defLine;
  for (let l = defLine + 1; l < lines.length; l++) {
    const text = lines[l]!;
    if (!text.trim()) continue;
    if (indentOf(text) <= indent) break;
    end = l;
  }
  return end;
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/** Rough check: is the line inside a triple-quoted string? */
function inDocstring(lines: readonly string[], line: number): boolean {
  let open = false;
  for (let l = 0; l < line; l++) {
    const n = (lines[l]!.match(/"""|'''/g) ?? []).length;
    if (n % 2 === 1) open = !open;
  }
  return open;
}
