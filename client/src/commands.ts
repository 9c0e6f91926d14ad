// The extension's commands. The server's command ids (runlens.runNow, pause, resume, showOutput,
// showTrace, predictCall, predictFile, insertPrediction) are registered here, not by the language
// client: the wrapper fills in the active document, checks trust, shows the result, and then runs
// the server command through workspace/executeCommand with the protocol's `[{ uri, ... }]` args.
// Code lenses and code actions from the server land in the same wrappers.
import * as vscode from 'vscode';
import { COMMANDS, type CommandArgs, type CommandResult, type InsertPredictionResult, type PredictCallArgs, type ServerCommandId } from '../../shared/commands';
import type { CallPrediction, CallTemplate, FilePrediction } from '../../shared/protocol';
import type { ServerConnection } from './client';
import { CLIENT_COMMANDS, WRAPPED_SERVER_COMMANDS, type RegisteredCommandId } from './commandIds';
import { displayName, errorMessage, OUTPUT_SCHEME, TRACE_SCHEME, type VirtualDocuments } from './documents';
import { formatPrediction, validateCall } from './predict';
import { explainUntrusted, isTrusted } from './trust';

export interface CommandDeps {
  server: ServerConnection;
  documents: VirtualDocuments;
  log: vscode.LogOutputChannel;
}

type Handler = (...args: unknown[]) => unknown;

export class Commands implements vscode.Disposable {
  private readonly registered = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: CommandDeps) {
    // A command listed in commandIds.ts (and so contributed in package.json) without a handler
    // here does not compile.
    const handlers: Record<RegisteredCommandId, Handler> = {
      'runlens.runNow': (arg) => this.runNow(arg),
      'runlens.pause': () => this.server(COMMANDS.pause, null, 'pause'),
      'runlens.resume': () => this.server(COMMANDS.resume, null, 'resume'),
      'runlens.showOutput': (arg) => this.show('output', arg),
      'runlens.showTrace': (arg) => this.show('trace', arg),
      'runlens.predictOutput': (arg) => this.predictCall(arg, { fromPalette: true }),
      'runlens.predictCall': (arg) => this.predictCall(arg, { fromPalette: false }),
      'runlens.predictFile': (arg) => this.predictFile(arg),
      'runlens.insertPrediction': (arg) => this.insertPrediction(arg),
      'runlens.restartServer': () => this.deps.server.restartByUser(),
      'runlens.showLogs': () => this.deps.log.show(),
    };
    const ids = [...(Object.keys(CLIENT_COMMANDS) as RegisteredCommandId[]), ...WRAPPED_SERVER_COMMANDS];
    for (const id of ids) this.register(id, handlers[id]);
  }

  /** Ids registered by the extension (for tests and logs). */
  get ids(): string[] {
    return [...this.registered];
  }

  /** After each server start: forward server commands this file does not know (a newer server). */
  forwardServerCommands(serverCommands: string[]): void {
    for (const id of serverCommands) {
      if (this.registered.has(id)) continue;
      this.register(id, (...args) => this.deps.server.executeOtherCommand(id, args));
      this.deps.log.info(`Forwarding server command ${id} (no client wrapper).`);
    }
  }

  private register(id: string, handler: Handler): void {
    this.registered.add(id);
    this.disposables.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          this.deps.log.error(`${id} failed: ${errorMessage(error)}`);
          void vscode.window.showErrorMessage(`Runlens: ${errorMessage(error)}`);
          return undefined;
        }
      }),
    );
  }

  private async runNow(arg: unknown): Promise<unknown> {
    const uri = targetUri(arg);
    if (!uri) return void vscode.window.showInformationMessage('Runlens: open a Python file to run it.');
    if (!isTrusted()) return void explainUntrusted('run files');
    return this.server(COMMANDS.runNow, { uri: uri.toString() }, 'run');
  }

  private async show(kind: 'output' | 'trace', arg: unknown): Promise<string | undefined> {
    const uri = targetUri(arg);
    if (!uri) return void vscode.window.showInformationMessage(`Runlens: open a Python file to see its ${kind}.`);
    return this.deps.documents.show(kind, uri);
  }

  /**
   * Predict a function's output: the server runs the call given, else the function's doctest;
   * when there is neither it answers needsCall with a call template, and the call is asked for
   * with an input box. From the palette, at module level, the whole file's output is shown instead.
   * Which function the line is in is the server's answer (it knows the file's structure).
   */
  private async predictCall(arg: unknown, { fromPalette }: { fromPalette: boolean }): Promise<CallPrediction | FilePrediction | undefined> {
    const uri = targetUri(arg);
    if (!uri) return void vscode.window.showInformationMessage('Runlens: open a Python file to predict its output.');
    if (!isTrusted()) return void explainUntrusted('predict output');
    const given = isRecord(arg) ? arg : {};
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const line = typeof given.line === 'number' ? given.line : (editor?.selection.active.line ?? 0);
    const args: PredictCallArgs = { uri: uri.toString(), line };
    if (typeof given.call === 'string' && given.call.trim()) args.call = given.call.trim();
    let prediction = await this.deps.server.executeCommand(COMMANDS.predictCall, args);
    if (fromPalette && !args.call && prediction.target === 'module') return this.predictFile(uri.toString());
    if (prediction.needsCall) {
      const name = prediction.function ?? 'f';
      const template: CallTemplate = prediction.callTemplate ?? { text: `${name}()`, selection: [name.length + 1, name.length + 1] };
      const typed = await vscode.window.showInputBox({
        title: `Runlens: Predict ${name}`,
        prompt: `${name} has no doctest example: type a call to run after importing ${displayName(uri.toString())}`,
        value: template.text,
        valueSelection: template.selection,
        validateInput: validateCall,
        ignoreFocusOut: true,
      });
      if (typed === undefined) return undefined;
      prediction = await this.deps.server.executeCommand(COMMANDS.predictCall, { ...args, call: typed.trim() });
    }
    if (!prediction.call) {
      // Nothing to run: the server says why (the line changed since the last run, not in a function…).
      void vscode.window.showInformationMessage(`Runlens: ${prediction.summary}`);
      return prediction;
    }
    this.deps.log.info(`Prediction in ${displayName(uri.toString())}: ${prediction.summary}`);
    await this.deps.documents.showPrediction(uri, prediction.call, formatPrediction(displayName(uri.toString()), prediction));
    return prediction;
  }

  private async predictFile(arg: unknown): Promise<FilePrediction | undefined> {
    const uri = targetUri(arg);
    if (!uri) return void vscode.window.showInformationMessage('Runlens: open a Python file to predict its output.');
    const prediction = await this.deps.server.executeCommand(COMMANDS.predictFile, { uri: uri.toString() });
    await this.deps.documents.showPrediction(uri, 'whole file', formatPrediction(displayName(uri.toString()), prediction));
    return prediction;
  }

  private async insertPrediction(arg: unknown): Promise<InsertPredictionResult | undefined> {
    const uri = targetUri(arg);
    if (!uri) return undefined;
    if (!isTrusted()) return void explainUntrusted('predict output');
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const line = isRecord(arg) && typeof arg.line === 'number' ? arg.line : (editor?.selection.active.line ?? 0);
    const result = await this.deps.server.executeCommand(COMMANDS.insertPrediction, { uri: uri.toString(), line });
    if (!result.applied) void vscode.window.showInformationMessage(`Runlens: ${result.message}`);
    return result;
  }

  private async server<C extends ServerCommandId>(command: C, args: CommandArgs<C>, what: string): Promise<CommandResult<C> | undefined> {
    if (!this.deps.server.isRunning()) {
      const restart = 'Restart Server';
      const choice = await vscode.window.showWarningMessage(`Runlens cannot ${what}: the server is not running.`, restart);
      if (choice === restart) await this.deps.server.restartByUser();
      return undefined;
    }
    return this.deps.server.executeCommand(command, args);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri);
}

/**
 * The document a command is about: its argument (`{ uri }` as lenses pass it, a Uri as menus pass
 * it, or a uri string), else the active Python editor, else the file an active output/trace view shows.
 */
export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  if (isRecord(arg) && typeof arg.uri === 'string') return targetUri(arg.uri);
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) return undefined;
  if (doc.languageId === 'python') return doc.uri;
  if ((doc.uri.scheme === OUTPUT_SCHEME || doc.uri.scheme === TRACE_SCHEME) && doc.uri.query) return targetUri(doc.uri.query);
  return undefined;
}
