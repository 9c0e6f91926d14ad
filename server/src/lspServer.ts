// The Runlens language server: a facade that hands each LSP message to the module whose job it is:
// documents (documents/), runs (scheduling/: plans, queue, progress), features (features/dispatch.ts),
// commands (commands/), predictions (predictions/) and settings (settings/). It never imports the
// connection: server.ts wires it to one, and tests drive it through a recording LspClient.
import { readFile } from 'node:fs/promises';
import type {
  ClientCapabilities,
  CodeAction,
  CodeActionParams,
  CodeLens,
  CodeLensParams,
  Command,
  DidChangeConfigurationParams,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  DidSaveTextDocumentParams,
  ExecuteCommandParams,
  Hover,
  HoverParams,
  InitializeParams,
  InitializeResult,
  InlayHint,
  InlayHintParams,
} from 'vscode-languageserver';
import { ServerState, type InitializationOptions, type SetTrustedParams } from '../../shared/protocol';
import type { RunlensSettings } from '../../shared/settings';
import { serverCapabilities } from './capabilities';
import { systemClock, type Clock } from './clock';
import { commandHandlers, executeCommand, type CommandHandlers } from './commands/commands';
import { Documents } from './documents/documents';
import { Features } from './features/dispatch';
import type { LspClient } from './lspClient';
import { Predictions } from './predictions/predictions';
import type { PythonCandidate } from './run/interpreter';
import type { RunPlanFn } from './run/plan';
import type { PythonInterpreter } from './run/interpreter';
import { RunGate } from './scheduling/gate';
import { RunProgress } from './scheduling/progress';
import { PythonChoice } from './scheduling/python';
import { Runs } from './scheduling/runs';
import { Settings } from './settings/settings';

export interface ServerDeps {
  client: LspClient;
  /** Runs a plan; never rejects (server/src/run/plan.ts). */
  runPlan: RunPlanFn;
  resolvePython(candidates: PythonCandidate[]): Promise<PythonInterpreter>;
  /** Candidates for an explicit choice (settings or client); defaults to `python3`/`python` on PATH after it. */
  candidates(explicit: PythonCandidate | null): PythonCandidate[];
  /** Timers for the typing debounce and progress; tests pass a manual clock. */
  clock?: Clock;
  /** Reads runlens.stdinFile. */
  readFile?(path: string): Promise<string>;
}

/** The server as seen by the wiring (server.ts) and by tests. */
export interface LanguageServer {
  initialize(params: InitializeParams): InitializeResult;
  /** Resolves when the settings the client holds have been pulled and applied. */
  initialized(): Promise<void>;
  didOpen(params: DidOpenTextDocumentParams): void;
  didChange(params: DidChangeTextDocumentParams): void;
  didSave(params: DidSaveTextDocumentParams): void;
  didClose(params: DidCloseTextDocumentParams): void;
  didChangeConfiguration(params: DidChangeConfigurationParams): Promise<void>;
  setTrusted(params: SetTrustedParams): void;
  inlayHints(params: InlayHintParams): InlayHint[] | null;
  codeLenses(params: CodeLensParams): CodeLens[] | null;
  hover(params: HoverParams): Hover | null;
  codeActions(params: CodeActionParams): (CodeAction | Command)[] | null;
  executeCommand(params: ExecuteCommandParams): Promise<unknown>;
  /** Resolves when no run is running or queued (a wait hook for tests; debounced runs not yet due do not count). */
  idle(): Promise<void>;
  shutdown(): void;
}

export class LspServer implements LanguageServer {
  private caps: ClientCapabilities = {};
  private readonly documents = new Documents();
  private readonly gate = new RunGate();
  private readonly settings: Settings;
  private readonly python: PythonChoice;
  private readonly features: Features;
  private readonly runs: Runs;
  private readonly predictions: Predictions;
  private readonly commands: CommandHandlers;

  constructor(private readonly deps: ServerDeps) {
    const { client } = deps;
    const documents = this.documents;
    const settings = () => this.settings.current;
    const clock = deps.clock ?? systemClock;
    this.settings = new Settings(client, (before, after) => this.settingsChanged(before, after));
    this.python = new PythonChoice({
      resolvePython: deps.resolvePython,
      candidates: deps.candidates,
      settingPath: () => this.settings.current.pythonPath,
      onChange: () => this.sendState(),
      onError: (message) => client.log('error', message),
    });
    this.features = new Features({ client, documents, settings, capabilities: () => this.caps });
    this.runs = new Runs({
      client,
      documents,
      runPlan: deps.runPlan,
      python: this.python,
      gate: this.gate,
      settings,
      clock,
      progress: new RunProgress(client, clock, () => !!this.caps.window?.workDoneProgress),
      readFile: deps.readFile ?? ((path) => readFile(path, 'utf8')),
      onTraced: (doc) => {
        this.features.publishDiagnostics(doc);
        this.features.refresh();
      },
    });
    this.predictions = new Predictions({
      client,
      documents,
      runs: this.runs,
      view: (uri) => this.features.view(uri),
      canApplyEdit: () => !!this.caps.workspace?.applyEdit,
    });
    this.commands = commandHandlers({ runs: this.runs, features: this.features, predictions: this.predictions, setPaused: (paused) => this.setPaused(paused) });
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────────

  initialize(params: InitializeParams): InitializeResult {
    this.caps = params.capabilities ?? {};
    const options: InitializationOptions = isRecord(params.initializationOptions) ? params.initializationOptions : {};
    this.settings.initialize(options.settings, !!this.caps.workspace?.configuration);
    this.gate.trusted = options.trusted !== false;
    if (typeof options.pythonPath === 'string') {
      this.python.setClientChoice(options.pythonPath, typeof options.pythonPathSource === 'string' ? options.pythonPathSource : 'client');
    }
    return { capabilities: serverCapabilities(this.caps), serverInfo: { name: 'runlens' } };
  }

  async initialized(): Promise<void> {
    this.sendState();
    await this.settings.pull();
  }

  shutdown(): void {
    this.gate.down = true;
    this.runs.stopAll(this.gate.closedBecause);
  }

  idle(): Promise<void> {
    return this.runs.idle();
  }

  // ── documents ────────────────────────────────────────────────────────────────────────────────

  didOpen(params: DidOpenTextDocumentParams): void {
    this.runs.trigger(this.documents.add(params), 'open');
  }

  didChange({ textDocument, contentChanges }: DidChangeTextDocumentParams): void {
    const doc = this.documents.get(textDocument.uri);
    if (!doc) return;
    doc.applyChanges(contentChanges, textDocument.version);
    if (doc.hasDiagnostics) this.features.publishDiagnostics(doc);
    this.runs.trigger(doc, 'change');
  }

  didSave({ textDocument }: DidSaveTextDocumentParams): void {
    const doc = this.documents.get(textDocument.uri);
    if (doc) this.runs.trigger(doc, 'save');
  }

  didClose({ textDocument }: DidCloseTextDocumentParams): void {
    if (!this.documents.remove(textDocument.uri)) return;
    this.runs.closed(textDocument.uri);
    this.features.clearDiagnostics(textDocument.uri);
  }

  // ── settings and state ───────────────────────────────────────────────────────────────────────

  didChangeConfiguration(params: DidChangeConfigurationParams): Promise<void> {
    return this.settings.didChangeConfiguration(params);
  }

  setTrusted(params: SetTrustedParams): void {
    if (typeof params?.trusted !== 'boolean' || this.gate.trusted === params.trusted) return;
    this.gate.trusted = params.trusted;
    if (!params.trusted) this.runs.stopAll(this.gate.closedBecause);
    this.sendState();
    if (params.trusted) this.runs.runStale();
  }

  private setPaused(paused: boolean): void {
    this.gate.paused = paused;
    if (paused) this.runs.stopAll(this.gate.closedBecause);
    this.sendState();
    if (!paused) this.runs.runStale();
  }

  private settingsChanged(before: RunlensSettings, after: RunlensSettings): void {
    if (before.pythonPath !== after.pythonPath) this.python.reset();
    for (const doc of this.documents.all()) this.features.publishDiagnostics(doc);
    this.features.refresh();
  }

  private sendState(): void {
    this.deps.client.notify(ServerState, this.gate.state(this.python.info, this.python.failure));
  }

  // ── requests: answered from the latest finished trace, never by running ─────────────────────

  inlayHints(params: InlayHintParams): InlayHint[] | null {
    return this.features.inlayHints(params);
  }

  codeLenses(params: CodeLensParams): CodeLens[] | null {
    return this.features.codeLenses(params);
  }

  hover(params: HoverParams): Hover | null {
    return this.features.hover(params);
  }

  codeActions(params: CodeActionParams): (CodeAction | Command)[] | null {
    return this.features.codeActions(params);
  }

  executeCommand(params: ExecuteCommandParams): Promise<unknown> {
    return executeCommand(this.commands, params);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
