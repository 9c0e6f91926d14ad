// Wiring only: one connection (--node-ipc for VS Code, --stdio for other editors) to an LspServer.
// Nothing here writes to stdout; logs go through the connection.
import {
  createConnection,
  ProposedFeatures,
  WorkDoneProgress,
  type Connection,
} from 'vscode-languageserver/node';
import { Ping, SetTrusted } from '../../shared/protocol';
import { LspServer, type ServerDeps } from './lspServer';
import type { LspClient } from './lspClient';
import { defaultCandidates, resolvePython } from './run/interpreter';
import { runPlan } from './run/runPlan';

/**
 * The LspClient of a connection (the interface checks each message's parameters; the connection is
 * given its method). A message the closed connection cannot take is dropped.
 */
export function connectionClient(connection: Connection): LspClient {
  const dropped = () => undefined;
  return {
    notify: (type, params) => void connection.sendNotification(type.method, params).catch(dropped),
    request: (type, params) => connection.sendRequest(type.method, params),
    request0: (type) => connection.sendRequest(type.method),
    progress: (token, value) => void connection.sendProgress(WorkDoneProgress.type, token, value).catch(dropped),
    log: (level, message) => {
      if (level === 'error') connection.console.error(message);
      else if (level === 'warn') connection.console.warn(message);
      else connection.console.info(message);
    },
  };
}

/** Connect a server to a connection: every LSP handler, the custom notifications, logging. */
export function wireServer(connection: Connection, deps: Partial<Omit<ServerDeps, 'client'>> = {}): LspServer {
  const server = new LspServer({
    runPlan: deps.runPlan ?? runPlan,
    resolvePython: deps.resolvePython ?? resolvePython,
    candidates: deps.candidates ?? ((explicit) => defaultCandidates(explicit)),
    client: connectionClient(connection),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.readFile ? { readFile: deps.readFile } : {}),
  });
  connection.onInitialize((params) => server.initialize(params));
  connection.onInitialized(() => void server.initialized());
  connection.onShutdown(() => server.shutdown());
  connection.onDidOpenTextDocument((p) => server.didOpen(p));
  connection.onDidChangeTextDocument((p) => server.didChange(p));
  connection.onDidSaveTextDocument((p) => server.didSave(p));
  connection.onDidCloseTextDocument((p) => server.didClose(p));
  connection.onDidChangeConfiguration((p) => void server.didChangeConfiguration(p));
  connection.onNotification(SetTrusted, (p) => server.setTrusted(p));
  connection.onRequest(Ping, () => null);
  connection.languages.inlayHint.on((p) => server.inlayHints(p));
  connection.onCodeLens((p) => server.codeLenses(p));
  connection.onHover((p) => server.hover(p));
  connection.onCodeAction((p) => server.codeActions(p));
  connection.onExecuteCommand((p) => server.executeCommand(p));
  return server;
}

function main(): void {
  const connection = createConnection(ProposedFeatures.all);
  // stdout is the protocol channel under --stdio: send stray console output to the client log.
  const toLog = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.log = toLog;
  console.info = toLog;
  console.warn = toLog;
  console.debug = toLog;
  wireServer(connection);
  connection.listen();
}

// Started as a process (`node dist/server.js --stdio` / `--node-ipc` / `--socket=N` / `--pipe=NAME`);
// tests import wireServer instead.
if (process.argv.some((a) => /^--(stdio|node-ipc|socket|pipe|clientProcessId)/.test(a))) main();
