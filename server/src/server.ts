// Wiring only: one connection (--node-ipc for VS Code, --stdio for other editors) to an LspServer.
// Nothing here writes to stdout; logs go through the connection.
import {
  createConnection,
  ProposedFeatures,
  type Connection,
} from 'vscode-languageserver/node';
import { SET_TRUSTED, type SetTrustedParams } from '../../shared/protocol';
import { LspServer, type ServerDeps } from './lspServer';
import { defaultCandidates, resolvePython } from './run/interpreter';
import { runPlan } from './run/runPlan';

/** Connect a server to a connection: every LSP handler, the custom notifications, logging. */
export function wireServer(connection: Connection, deps: Partial<Omit<ServerDeps, 'client'>> = {}): LspServer {
  const server = new LspServer({
    runPlan: deps.runPlan ?? runPlan,
    resolvePython: deps.resolvePython ?? resolvePython,
    candidates: deps.candidates ?? ((explicit) => defaultCandidates(explicit)),
    client: {
      sendNotification: (method, params) => void connection.sendNotification(method, params),
      sendRequest: (method, params) => connection.sendRequest(method, params),
      log: (level, message) => {
        if (level === 'error') connection.console.error(message);
        else if (level === 'warn') connection.console.warn(message);
        else connection.console.info(message);
      },
    },
  });
  connection.onInitialize((params) => server.initialize(params));
  connection.onInitialized(() => server.initialized());
  connection.onShutdown(() => server.shutdown());
  connection.onDidOpenTextDocument((p) => server.didOpen(p));
  connection.onDidChangeTextDocument((p) => server.didChange(p));
  connection.onDidSaveTextDocument((p) => server.didSave(p));
  connection.onDidCloseTextDocument((p) => server.didClose(p));
  connection.onDidChangeConfiguration((p) => void server.didChangeConfiguration(p));
  connection.onNotification(SET_TRUSTED, (p: SetTrustedParams) => server.setTrusted(p));
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
