// workspace/executeCommand: what each command of shared/commands.ts does (handed to the runs,
// features and predictions modules), each command's arguments checked before its handler sees
// them. An unknown command or bad arguments get an InvalidParams error that says what was expected.
import { basename } from 'node:path';
import { ErrorCodes, ResponseError, type ExecuteCommandParams } from 'vscode-languageserver';
import {
  CommandArgsError,
  isServerCommand,
  parseCommandArgs,
  type CommandArgs,
  type CommandResult,
  type ServerCommandId,
} from '../../../shared/commands';
import type { Features } from '../features/dispatch';
import { outputText, traceText } from '../features/outputAndTraceText';
import type { Predictions } from '../predictions/predictions';
import type { Runs } from '../scheduling/runs';

export type CommandHandlers = {
  [C in ServerCommandId]: (args: CommandArgs<C>) => CommandResult<C> | Promise<CommandResult<C>>;
};

export interface CommandDeps {
  runs: Runs;
  features: Features;
  predictions: Predictions;
  setPaused(paused: boolean): void;
}

/** What each command does: the modules that do it. */
export function commandHandlers({ runs, features, predictions, setPaused }: CommandDeps): CommandHandlers {
  return {
    'runlens.runNow': ({ uri }) => ({ started: runs.runNow(uri) }),
    'runlens.pause': () => {
      setPaused(true);
      return { paused: true };
    },
    'runlens.resume': () => {
      setPaused(false);
      return { paused: false };
    },
    'runlens.showOutput': ({ uri }) => {
      const view = features.view(uri);
      return view ? outputText(view.index) : '';
    },
    'runlens.showTrace': ({ uri }) => {
      const view = features.view(uri);
      return view ? traceText(view.index, basename(uri)) : '';
    },
    'runlens.predictCall': (args) => predictions.predictCall(args),
    'runlens.predictFile': (args) => predictions.predictFile(args),
    'runlens.insertPrediction': (args) => predictions.insertPrediction(args),
  };
}

export async function executeCommand(handlers: CommandHandlers, { command, arguments: raw }: ExecuteCommandParams): Promise<unknown> {
  if (!isServerCommand(command)) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${command}`);
  return dispatch(handlers, command, raw);
}

function dispatch<C extends ServerCommandId>(handlers: CommandHandlers, command: C, raw: unknown[] | undefined): CommandResult<C> | Promise<CommandResult<C>> {
  let args: CommandArgs<C>;
  try {
    args = parseCommandArgs(command, raw);
  } catch (error) {
    if (error instanceof CommandArgsError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
    throw error;
  }
  const handler: CommandHandlers[C] = handlers[command];
  return handler(args);
}
