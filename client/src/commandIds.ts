// Every command the extension registers. CLIENT_COMMANDS are contributed in package.json with
// these titles (test/unit/settings.test.ts checks both ways); WRAPPED_SERVER_COMMANDS are the
// server's remaining commands, registered without a palette entry because code lenses and code
// actions invoke them with arguments. commands.ts implements each (its handler table is typed
// Record<RegisteredCommandId, …>). No `vscode` import.

export const CLIENT_COMMANDS = {
  'runlens.runNow': 'Run Now',
  'runlens.pause': 'Pause',
  'runlens.resume': 'Resume',
  'runlens.showOutput': 'Show Output',
  'runlens.showTrace': 'Show Trace',
  'runlens.predictOutput': 'Predict Output',
  'runlens.restartServer': 'Restart Server',
  'runlens.showLogs': 'Show Logs',
} as const;

export const WRAPPED_SERVER_COMMANDS = ['runlens.predictCall', 'runlens.predictFile', 'runlens.insertPrediction'] as const;

export type ClientCommandId = keyof typeof CLIENT_COMMANDS;
export type RegisteredCommandId = ClientCommandId | (typeof WRAPPED_SERVER_COMMANDS)[number];

export const COMMAND_CATEGORY = 'Runlens';
