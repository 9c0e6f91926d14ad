// The Python language status item ("{}" in the status bar): running… / finished in 42 ms /
// raised ValueError at line 9 / paused / untrusted / no Python found. Driven by the server's
// runlens/runStarted, runlens/traceFinished and runlens/serverState notifications; the text
// itself comes from statusModel.ts (pure, unit-tested).
import * as vscode from 'vscode';
import type { RunStartedParams, ServerStateParams, TraceFinishedParams } from '../../shared/protocol';
import type { RunOn } from '../../shared/settings';
import { PYTHON_SELECTOR } from './client';
import {
  onRunStarted,
  onTraceFinished,
  statusView,
  type ClientPhase,
  type DocumentRunState,
} from './statusModel';

export class Status implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly documents = new Map<string, DocumentRunState>();
  private server: ServerStateParams | null = null;
  private phase: ClientPhase = 'starting';
  private trusted: boolean;
  private clientInterpreter = 'not chosen yet';
  private readonly disposables: vscode.Disposable[] = [];
  private context: { paused?: boolean; hasTrace?: boolean } = {};

  constructor(trusted: boolean) {
    this.trusted = trusted;
    this.item = vscode.languages.createLanguageStatusItem('runlens.status', PYTHON_SELECTOR);
    this.item.name = 'Runlens';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('runlens.runOn')) this.render();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        // Keep the last result while the file is open anywhere; forget it when it closes.
        if (doc.languageId === 'python') this.documents.delete(doc.uri.toString());
      }),
    );
    this.render();
  }

  setPhase(phase: ClientPhase): void {
    this.phase = phase;
    if (phase !== 'running') {
      // Runs in flight died with the server; results stay.
      for (const [uri, state] of this.documents) this.documents.set(uri, { ...state, running: null });
    }
    if (phase === 'starting' || phase === 'crashed' || phase === 'stopped') this.server = null;
    this.render();
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.render();
  }

  setInterpreter(description: string): void {
    this.clientInterpreter = description;
    this.render();
  }

  serverState(params: ServerStateParams): void {
    this.server = params;
    this.render();
  }

  runStarted(params: RunStartedParams): void {
    this.documents.set(params.uri, onRunStarted(this.documents.get(params.uri), params.version));
    if (params.uri === this.activeUri()) this.render();
  }

  traceFinished(params: TraceFinishedParams): void {
    this.documents.set(params.uri, onTraceFinished(this.documents.get(params.uri), params));
    if (params.uri === this.activeUri()) this.render();
  }

  lastRun(uri: string): TraceFinishedParams | null {
    return this.documents.get(uri)?.last ?? null;
  }

  private activeUri(): string | null {
    const doc = vscode.window.activeTextEditor?.document;
    return doc && doc.languageId === 'python' ? doc.uri.toString() : null;
  }

  private render(): void {
    const uri = this.activeUri();
    const runOn = vscode.workspace.getConfiguration('runlens').get<RunOn>('runOn', 'type');
    const view = statusView({
      phase: this.phase,
      trusted: this.trusted,
      server: this.server,
      document: uri ? (this.documents.get(uri) ?? null) : null,
      uri,
      runOn,
      clientInterpreter: this.clientInterpreter,
    });
    this.item.text = view.text;
    this.item.detail = view.detail;
    this.item.busy = view.busy;
    this.item.severity =
      view.severity === 'error' ? vscode.LanguageStatusSeverity.Error
        : view.severity === 'warning' ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
    this.item.command = view.command
      ? { title: view.command.title, command: view.command.command, arguments: view.command.arguments, tooltip: view.command.tooltip }
      : undefined;
    this.setContext('paused', this.server?.state === 'paused');
    this.setContext('hasTrace', uri !== null && !!this.documents.get(uri)?.last);
  }

  private setContext(key: 'paused' | 'hasTrace', value: boolean): void {
    if (this.context[key] === value) return;
    this.context[key] = value;
    const name = key === 'paused' ? 'runlens.paused' : 'runlens.activeHasTrace';
    void vscode.commands.executeCommand('setContext', name, value);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
