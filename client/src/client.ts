// The LanguageClient: starts dist/server.js over IPC, restarts it one restart at a time
// (RestartQueue), and recovers from crashes a few times before saying so (CrashBudget): a server
// that was killed (or exited) is restarted and the user told why; a server stopped by a signal is
// noticed by a liveness check (liveness.ts), killed and restarted; what a dead server's runs left
// behind is ended (leftovers.ts).
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type DynamicFeature,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';
import { commandArguments, type CommandArgs, type CommandResult, type ServerCommandId } from '../../shared/commands';
import { Ping, type InitializationOptions } from '../../shared/protocol';
import { CrashBudget } from './crashBudget';
import { expandPath } from './interpreterChoice';
import { killServerLeftovers, SERVER_ID_VARIABLE } from './leftovers';
import { LivenessWatch } from './liveness';
import { RestartQueue } from './restartQueue';
import { gaveUpMessage, processState, restartedMessage, type ServerExit, type ServerLoss } from './serverHealth';
import type { ClientPhase } from './statusModel';

/** How long to wait for the exit status of a server whose connection closed (it is dead or dying). */
const EXIT_STATUS_WAIT_MS = 2_000;

export const PYTHON_SELECTOR = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
];

/**
 * VS Code commands with the server's command ids are registered by the extension (commands.ts),
 * which fills in the active document and shows results. The stock ExecuteCommandFeature would
 * register the same ids again ("command already exists"), so it is left out; server commands the
 * extension does not wrap are forwarded by commands.ts from the server's advertised list.
 */
class RunlensLanguageClient extends LanguageClient {
  override registerFeature(feature: StaticFeature | DynamicFeature<any>): void {
    const method = (feature as Partial<DynamicFeature<unknown>>).registrationType?.method;
    if (method === ExecuteCommandRequest.method) return;
    super.registerFeature(feature);
  }
}

export interface ServerHooks {
  /** Called at every (re)start: settings, trust and interpreter as they are now. */
  initializationOptions(): InitializationOptions;
  /** Called after each successful start with the commands the server advertises. */
  onStarted(serverCommands: string[]): void;
}

export class ServerConnection implements vscode.Disposable {
  readonly client: LanguageClient;
  private readonly queue: RestartQueue;
  private readonly crashes = new CrashBudget(4, 3 * 60_000);
  private readonly phaseEmitter = new vscode.EventEmitter<ClientPhase>();
  readonly onDidChangePhase = this.phaseEmitter.event;
  private phaseValue: ClientPhase = 'stopped';
  private gaveUp = false;
  private restarting = false;
  /** Set in every process the server starts, so that what a dead server left behind can be found. */
  private readonly serverId = randomUUID();
  /** The server process of the current start, and how it ended once it has. */
  private serverProcess: { process: ChildProcess; exit: Promise<ServerExit> } | null = null;
  /** Set when the liveness check killed a stopped server: the loss to report when its connection closes. */
  private stoppedLoss: ServerLoss | null = null;
  private readonly liveness: LivenessWatch;
  private readonly disposables: vscode.Disposable[] = [this.phaseEmitter];

  constructor(
    context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly hooks: ServerHooks,
  ) {
    const module = context.asAbsolutePath('dist/server.js');
    const env = { [SERVER_ID_VARIABLE]: this.serverId };
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { env } },
      debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6010'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: PYTHON_SELECTOR,
      outputChannel: log,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      synchronize: { configurationSection: 'runlens' },
      initializationOptions: () => this.hooks.initializationOptions(),
      errorHandler: {
        error: (error, _message, count) => {
          log.error(`Connection error (${count ?? 1}): ${error.message}`);
          return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
        },
        closed: () => this.onServerClosed(),
      },
      initializationFailedHandler: (error) => {
        log.error(`The server failed to initialize: ${String(error?.message ?? error)}`);
        return false;
      },
      middleware: {
        workspace: {
          // ${workspaceFolder}, ${userHome} and ~ in path settings, so the server gets real paths.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) return result;
            return result.map((value, i) => {
              const item = params.items[i];
              if (item?.section !== 'runlens' || typeof value !== 'object' || value === null) return value;
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              return expandSettingPaths(value as Record<string, unknown>, scope);
            });
          },
        },
      },
    };
    this.client = new RunlensLanguageClient('runlens', 'Runlens', serverOptions, clientOptions);
    this.liveness = new LivenessWatch({
      ping: () => this.client.sendRequest(Ping),
      state: () => this.serverState(),
      onStopped: (silentMs) => this.killStoppedServer(silentMs),
      log: (message) => log.warn(message),
      after: (ms, run) => {
        const timer = setTimeout(run, ms);
        return () => clearTimeout(timer);
      },
      now: () => Date.now(),
    });
    this.disposables.push(
      this.client.onDidChangeState((e) => {
        if (e.newState === State.Starting) this.setPhase('starting');
        else if (e.newState === State.Running) {
          this.setPhase('running');
          this.watchServerProcess();
        } else if (e.newState === State.StartFailed) this.setPhase('crashed');
        else if (e.newState === State.Stopped) this.setPhase(this.restarting ? 'starting' : this.gaveUp ? 'crashed' : 'stopped');
        if (e.newState !== State.Running) this.liveness.stop();
      }),
    );
    this.queue = new RestartQueue(
      async (reasons) => this.restartNow(reasons),
      (error, reasons) => log.error(`Restart (${reasons.join('; ')}) failed: ${String(error)}`),
    );
  }

  async start(): Promise<void> {
    this.gaveUp = false;
    this.log.info('Starting the Runlens server…');
    try {
      await this.client.start();
      this.afterStart();
    } catch (error) {
      this.log.error(`The Runlens server did not start: ${String(error)}`);
      this.setPhase('crashed');
      void this.offerHelp('The Runlens server did not start.');
    }
  }

  /** Restart through the queue: one at a time, requests during a restart share the next one. */
  restart(reason: string): Promise<void> {
    this.log.info(`Restart requested: ${reason}`);
    return this.queue.request(reason);
  }

  /** A restart asked for by the user also forgets earlier crashes. */
  restartByUser(): Promise<void> {
    this.crashes.reset();
    return this.restart('Runlens: Restart Server');
  }

  isRunning(): boolean {
    return this.client.state === State.Running;
  }

  /** A server command of shared/commands.ts, with its argument object; its result as that table says. */
  async executeCommand<C extends ServerCommandId>(command: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
    return (await this.executeOtherCommand(command, commandArguments<C>(args))) as CommandResult<C>;
  }

  /** A command the server advertises that shared/commands.ts does not know (a newer server). */
  async executeOtherCommand(command: string, args: unknown[]): Promise<unknown> {
    if (!this.isRunning()) throw new ServerNotRunningError(this.phaseValue);
    return this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  private async restartNow(reasons: string[]): Promise<void> {
    this.log.info(`Restarting the Runlens server (${reasons.join('; ')})`);
    this.restarting = true;
    try {
      if (this.client.state !== State.Stopped && this.client.state !== State.StartFailed) {
        await this.client.stop(4000).catch((error) => this.log.warn(`Stopping the server: ${String(error)}`));
      }
      this.gaveUp = false;
      await this.client.start();
      this.afterStart();
    } catch (error) {
      this.setPhase('crashed');
      throw error;
    } finally {
      this.restarting = false;
    }
  }

  private afterStart(): void {
    const info = this.client.initializeResult?.serverInfo;
    this.log.info(`Runlens server running${info ? ` (${info.name}${info.version ? ` ${info.version}` : ''})` : ''}.`);
    const commands = this.client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    this.hooks.onStarted(commands);
  }

  private onServerClosed(): { action: CloseAction; message?: string; handled?: boolean } {
    this.liveness.stop();
    const lost = this.serverProcess;
    this.serverProcess = null;
    const stopped = this.stoppedLoss;
    this.stoppedLoss = null;
    // Its runs are in sessions of their own: end what they left running.
    const leftovers = killServerLeftovers(this.serverId);
    if (leftovers > 0) this.log.info(`Ended ${leftovers} process${leftovers === 1 ? '' : 'es'} the server's runs left behind.`);
    const { restart, crashes } = this.crashes.crashed();
    if (!restart) this.gaveUp = true;
    void this.reportLoss(stopped ?? this.exitLoss(lost), restart, crashes);
    return restart
      ? { action: CloseAction.Restart, handled: true }
      : { action: CloseAction.DoNotRestart, handled: true };
  }

  /** Say why the server went away (the exit status may arrive just after the connection closed). */
  private async reportLoss(loss: ServerLoss | Promise<ServerLoss>, restarted: boolean, crashes: number): Promise<void> {
    const known = await loss;
    if (restarted) {
      const message = restartedMessage(known);
      this.log.warn(`${message} (${crashes} time${crashes === 1 ? '' : 's'} in 3 minutes)`);
      const logs = 'Show Logs';
      if ((await vscode.window.showWarningMessage(message, logs)) === logs) this.log.show();
      return;
    }
    const message = gaveUpMessage(known, crashes);
    this.log.error(message);
    await this.offerHelp(message);
  }

  private async exitLoss(lost: { exit: Promise<ServerExit> } | null): Promise<ServerLoss> {
    if (!lost) return { kind: 'exited', exit: null };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), EXIT_STATUS_WAIT_MS)));
    const exit = await Promise.race([lost.exit, late]);
    clearTimeout(timer);
    return { kind: 'exited', exit };
  }

  /** Keep the process of this start: its exit status says why it went, its pid where to look in /proc. */
  private watchServerProcess(): void {
    const child = this.client.serverProcess;
    if (!child || child === this.serverProcess?.process) return;
    const exit = new Promise<ServerExit>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    this.serverProcess = { process: child, exit };
    this.liveness.start();
  }

  /** The server process's state letter in /proc (Linux), or null. */
  private serverState(): string | null {
    const pid = this.serverProcess?.process.pid;
    if (pid === undefined || process.platform !== 'linux') return null;
    try {
      return processState(readFileSync(`/proc/${pid}/stat`, 'latin1'));
    } catch {
      return null;
    }
  }

  /** A stopped server answers nothing and cannot stop itself: kill it; its closed connection restarts it. */
  private killStoppedServer(silentMs: number): void {
    const pid = this.serverProcess?.process.pid;
    if (pid === undefined) return;
    this.stoppedLoss = { kind: 'stopped', silentMs };
    this.log.warn(`The Runlens server (pid ${pid}) is stopped and has not answered for ${Math.round(silentMs / 1000)} s; killing it.`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      this.log.error(`Could not kill the stopped server: ${String(error)}`);
    }
  }

  private async offerHelp(message: string): Promise<void> {
    const restart = 'Restart Server';
    const logs = 'Show Logs';
    const choice = await vscode.window.showErrorMessage(message, restart, logs);
    if (choice === restart) await this.restartByUser();
    else if (choice === logs) this.log.show();
  }

  private setPhase(phase: ClientPhase): void {
    if (phase === this.phaseValue) return;
    this.phaseValue = phase;
    this.phaseEmitter.fire(phase);
  }

  async dispose(): Promise<void> {
    this.liveness.stop();
    this.queue.dispose();
    for (const d of this.disposables) d.dispose();
    try {
      await this.client.dispose(2000);
    } catch {
      // Already stopped or never started.
    }
  }
}

export class ServerNotRunningError extends Error {
  constructor(readonly phase: ClientPhase) {
    super(phase === 'starting' ? 'The Runlens server is still starting.' : 'The Runlens server is not running.');
    this.name = 'ServerNotRunningError';
  }
}

/** pythonPath, cwd and stdinFile with ${workspaceFolder}, ${userHome} and ~ expanded. */
export function expandSettingPaths(settings: Record<string, unknown>, scope: vscode.Uri | undefined): Record<string, unknown> {
  const folder = (scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
  const copy: Record<string, unknown> = { ...settings };
  for (const key of ['pythonPath', 'cwd', 'stdinFile']) {
    if (typeof copy[key] === 'string') copy[key] = expandPath(copy[key] as string, folder, os.homedir());
  }
  return copy;
}
