// Code actions: predict the output of the function at the cursor, of the whole file, and insert a
// predicted value as a comment. What the cursor is on comes from the file's structure in the latest
// trace (targets.ts): a line that trace cannot speak for gets no structural action.
import type { CodeAction, Command } from 'vscode-languageserver';
import { COMMANDS, type InsertPredictionArgs, type PredictCallArgs } from '../../../shared/commands';
import { doctestAt, doctestCallFor, expressionAt, functionAt } from './targets';
import type { TraceView } from './traceView';

export const ACTION_TITLES = {
  predictCall: 'Predict output',
  predictFile: 'Predict output of this file',
  insertPrediction: 'Insert predicted output as comment',
} as const;

/** The actions at a current 0-based line of `uri`; `view` is its latest trace (null before the first run). */
export function codeActionCommands(uri: string, view: TraceView | null, line: number): Command[] {
  const commands: Command[] = [];
  const target = functionAt(view, line);
  if (view && target) {
    const call = doctestCallFor(view, target.fn);
    const args: PredictCallArgs = call ? { uri, line: target.defLine, call } : { uri, line: target.defLine };
    commands.push({ title: call ? `${ACTION_TITLES.predictCall}: ${call}` : `${ACTION_TITLES.predictCall}…`, command: COMMANDS.predictCall, arguments: [args] });
  }
  if (view) commands.push({ title: ACTION_TITLES.predictFile, command: COMMANDS.predictFile, arguments: [{ uri }] });
  if (doctestAt(view, line) || expressionAt(view, line)) {
    const args: InsertPredictionArgs = { uri, line };
    commands.push({ title: ACTION_TITLES.insertPrediction, command: COMMANDS.insertPrediction, arguments: [args] });
  }
  return commands;
}

export function asCodeActions(commands: Command[]): CodeAction[] {
  return commands.map((command) => ({ title: command.title, command }));
}
