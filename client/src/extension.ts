// activate(): the log channel, the interpreter, the language client, the status item, the
// virtual documents and the commands, wired together. Everything that decides something lives in
// a module of its own; this file only connects them.
import * as vscode from 'vscode';
import { COMMANDS } from '../../shared/commands';
import { formatDuration } from '../../shared/duration';
import { Prediction, RunStarted, ServerState, SetTrusted, TraceFinished, type InitializationOptions } from '../../shared/protocol';
import { resolveSettings, type RunlensSettings } from '../../shared/settings';
import { expandSettingPaths, ServerConnection } from './client';
import { Commands } from './commands';
import { displayName, errorMessage, VirtualDocuments } from './documents';
import { defaultResource, Interpreter } from './interpreter';
import { describeChoice, sameChoice, type InterpreterChoice } from './interpreterChoice';
import { outputHeader } from './predict';
import { Status } from './status';
import { finishedText } from './statusModel';
import { isTrusted, onDidGrantTrust } from './trust';

let connection: ServerConnection | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Runlens', { log: true });
  context.subscriptions.push(log);
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  log.info(`Runlens ${version} activating (VS Code ${vscode.version}, ${vscode.env.appName}, workspace ${isTrusted() ? 'trusted' : 'NOT trusted: nothing will run'}).`);

  const status = new Status(isTrusted());
  const interpreter = new Interpreter(log);
  context.subscriptions.push(status, interpreter);

  let choice: InterpreterChoice | null = null;
  const initializationOptions = (): InitializationOptions => {
    const resource = defaultResource();
    const raw = JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('runlens', resource))) as Record<string, unknown>;
    const settings: RunlensSettings = resolveSettings(expandSettingPaths(raw, resource));
    const options: InitializationOptions = { settings, trusted: isTrusted() };
    if (choice) {
      options.pythonPath = choice.path;
      options.pythonPathSource = choice.source;
    }
    log.info(`Server options: trusted=${options.trusted}, pythonPath=${options.pythonPath ?? '(server decides)'}, runOn=${settings.runOn}, timeoutMs=${settings.timeoutMs}`);
    return options;
  };

  let commands: Commands | undefined;
  const server = new ServerConnection(context, log, {
    initializationOptions,
    onStarted: (serverCommands) => commands?.forwardServerCommands(serverCommands),
  });
  connection = server;
  context.subscriptions.push({ dispose: () => void server.dispose() });

  const documents = new VirtualDocuments(async (kind, source) => {
    if (!server.isRunning()) return null;
    const text = await server.executeCommand(kind === 'output' ? COMMANDS.showOutput : COMMANDS.showTrace, { uri: source });
    if (typeof text !== 'string') return null;
    if (kind === 'trace') return text;
    // The server sends the output as a terminal shows it; the view adds a header line.
    const last = status.lastRun(source);
    return `${outputHeader(displayName(source), last ? finishedText(last) : null, last?.status ?? null)}\n${text}`;
  }, log);
  commands = new Commands({ server, documents, log });
  context.subscriptions.push(documents, commands);

  // Server → client notifications (kept across restarts by the language client).
  server.client.onNotification(RunStarted, (params) => {
    log.trace(`Run started: ${displayName(params.uri)} v${params.version}`);
    status.runStarted(params);
  });
  server.client.onNotification(TraceFinished, (params) => {
    const line = `${displayName(params.uri)} v${params.version}: ${params.summary} [${params.status}, ${formatDuration(params.durationMs)}]`;
    if (params.status === 'error') log.error(line);
    else log.info(line);
    status.traceFinished(params);
    documents.refresh(params.uri);
  });
  server.client.onNotification(ServerState, (params) => {
    const python = params.python ? `Python ${params.python.version} at ${params.python.executable} (from ${params.python.source})` : 'no interpreter';
    const line = `Server state: ${params.state}; ${python}${params.message ? `; ${params.message}` : ''}`;
    if (params.state === 'noPython') log.warn(line);
    else log.info(line);
    status.serverState(params);
  });
  server.client.onNotification(Prediction, (params) => {
    // The command that asked for it shows the result; this is only logged.
    log.debug(`Prediction (${params.kind}): ${params.summary}`);
  });
  context.subscriptions.push(server.onDidChangePhase((phase) => {
    log.debug(`Client phase: ${phase}`);
    status.setPhase(phase);
  }));

  // Restarts: a new interpreter choice (handed over at start), trust granted. Both go through one
  // queue. Other settings need none: the server pulls them on every change.
  const reconsiderInterpreter = async (reason: string) => {
    const next = await interpreter.choose();
    status.setInterpreter(describeChoice(next));
    if (sameChoice(choice, next)) return;
    choice = next;
    await server.restart(reason);
  };
  context.subscriptions.push(
    interpreter.onDidChange((reason) => void reconsiderInterpreter(reason).catch((e) => log.error(errorMessage(e)))),
    onDidGrantTrust(() => {
      // initializationOptions() reads trust afresh, so a later restart keeps it; a running server is told now.
      log.info('Workspace trust granted: files run from now on.');
      status.setTrusted(true);
      if (server.isRunning()) {
        server.client.sendNotification(SetTrusted, { trusted: true }).catch((error) => {
          log.warn(`Could not tell the server about trust (${errorMessage(error)}); restarting it.`);
          void server.restart('workspace trust granted');
        });
      } else {
        void server.restart('workspace trust granted');
      }
    }),
  );

  // Start in the background (activation never waits for the Python extension or the server):
  // ask for the interpreter first (the Python extension gets a few seconds), then start.
  void (async () => {
    try {
      choice = await interpreter.choose();
    } catch (error) {
      log.warn(`Choosing an interpreter failed: ${errorMessage(error)}`);
    }
    status.setInterpreter(describeChoice(choice));
    await server.start();
  })();
  log.info(`Commands: ${commands.ids.join(', ')}`);
}

export async function deactivate(): Promise<void> {
  const server = connection;
  connection = undefined;
  await server?.dispose();
}
