// The server's commands (workspace/executeCommand), usable from any LSP client, each defined once:
// its id, the one argument object it takes (checked by parseCommandArgs, so the server never casts
// what a client sent) and its result. The VS Code client calls them through the same table
// (client.ts executeCommand), so both sides agree at compile time. docs/protocol.md documents them.
import type { CallPrediction, FilePrediction } from './protocol';

export const COMMANDS = {
  runNow: 'runlens.runNow',
  pause: 'runlens.pause',
  resume: 'runlens.resume',
  showOutput: 'runlens.showOutput',
  showTrace: 'runlens.showTrace',
  predictCall: 'runlens.predictCall',
  predictFile: 'runlens.predictFile',
  insertPrediction: 'runlens.insertPrediction',
} as const;

export type ServerCommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Arguments of runNow, showOutput, showTrace, predictFile: `[{ uri }]`. */
export interface DocumentArgs {
  uri: string;
}

/**
 * Arguments of predictCall: `[{ uri, line, call? }]`. `line` (0-based) is any line of the function
 * (its def line from lenses and actions). Without `call` the server uses the function's doctest
 * example; when there is none the result has `needsCall: true` and a `callTemplate`.
 */
export interface PredictCallArgs {
  uri: string;
  line: number;
  call?: string;
}

/** Arguments of insertPrediction: `[{ uri, line }]`, a line of a doctest example or of an expression statement. */
export interface InsertPredictionArgs {
  uri: string;
  line: number;
}

export interface InsertPredictionResult {
  applied: boolean;
  value: string | null;
  message: string;
}

/** Every command: what it takes (null: no argument) and what it returns. */
export interface CommandSignatures {
  'runlens.runNow': { args: DocumentArgs; result: { started: boolean } };
  'runlens.pause': { args: null; result: { paused: true } };
  'runlens.resume': { args: null; result: { paused: false } };
  'runlens.showOutput': { args: DocumentArgs; result: string };
  'runlens.showTrace': { args: DocumentArgs; result: string };
  'runlens.predictCall': { args: PredictCallArgs; result: CallPrediction };
  'runlens.predictFile': { args: DocumentArgs; result: FilePrediction };
  'runlens.insertPrediction': { args: InsertPredictionArgs; result: InsertPredictionResult };
}

export type CommandArgs<C extends ServerCommandId> = CommandSignatures[C]['args'];
export type CommandResult<C extends ServerCommandId> = CommandSignatures[C]['result'];

/** The `arguments` array of workspace/executeCommand for a command's argument object. */
export function commandArguments<C extends ServerCommandId>(args: CommandArgs<C>): unknown[] {
  return args === null ? [] : [args];
}

export function isServerCommand(command: string): command is ServerCommandId {
  return (Object.values(COMMANDS) as string[]).includes(command);
}

/** A client sent arguments a command cannot take; the message says what it expected. */
export class CommandArgsError extends Error {}

type Parsers = { [C in ServerCommandId]: (arg: Record<string, unknown>) => CommandArgs<C> };

const PARSERS: Parsers = {
  'runlens.runNow': documentArgs,
  'runlens.pause': () => null,
  'runlens.resume': () => null,
  'runlens.showOutput': documentArgs,
  'runlens.showTrace': documentArgs,
  'runlens.predictFile': documentArgs,
  'runlens.predictCall': (arg) => {
    const args: PredictCallArgs = { uri: uriOf(arg), line: lineOf(arg) };
    if (arg.call !== undefined && arg.call !== null) {
      if (typeof arg.call !== 'string') throw new CommandArgsError('`call` must be a string, e.g. "f(1, 2)"');
      args.call = arg.call;
    }
    return args;
  },
  'runlens.insertPrediction': (arg) => ({ uri: uriOf(arg), line: lineOf(arg) }),
};

/** The checked argument object of a command; throws CommandArgsError naming what is wrong. */
export function parseCommandArgs<C extends ServerCommandId>(command: C, raw: unknown[] | undefined): CommandArgs<C> {
  const first: unknown = raw?.[0];
  const parse: Parsers[C] = PARSERS[command];
  if (first === undefined || first === null) {
    if (command === COMMANDS.pause || command === COMMANDS.resume) return parse({});
    throw new CommandArgsError(`${command} takes one argument object, e.g. [{ "uri": "file:///…" }]`);
  }
  if (typeof first !== 'object' || Array.isArray(first)) {
    throw new CommandArgsError(`${command} takes one argument object, got ${Array.isArray(first) ? 'an array' : typeof first}`);
  }
  try {
    return parse(first as Record<string, unknown>);
  } catch (error) {
    if (error instanceof CommandArgsError) throw new CommandArgsError(`${command}: ${error.message}`);
    throw error;
  }
}

function documentArgs(arg: Record<string, unknown>): DocumentArgs {
  return { uri: uriOf(arg) };
}

function uriOf(arg: Record<string, unknown>): string {
  if (typeof arg.uri !== 'string' || arg.uri === '') throw new CommandArgsError('`uri` must be the document\'s URI (a string)');
  return arg.uri;
}

function lineOf(arg: Record<string, unknown>): number {
  const line = arg.line;
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 0) throw new CommandArgsError('`line` must be a 0-based line number');
  return line;
}
