// The Runlens language server: documents, run scheduling, and feature dispatch. It never imports
// the connection: server.ts wires it to one, and tests drive it through a fake ClientPort.
import { basename, dirname, isAbsolute, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  ClientCapabilities,
  CodeAction,
  CodeActionParams,
  CodeLens,
  CodeLensParams,
  Command,
  Diagnostic,
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
  WorkspaceEdit,
} from 'vscode-languageserver';
import {
  COMMANDS,
  PREDICTION,
  RUN_STARTED,
  SERVER_STATE,
  TRACE_FINISHED,
  type CallPrediction,
  type FilePrediction,
  type InitializationOptions,
  type InsertPredictionArgs,
  type InsertPredictionResult,
  type PredictCallArgs,
  type RunStartedParams,
  type ServerStateParams,
  type SetTrustedParams,
  type TraceFinishedParams,
} from '../../shared/protocol';
import { resolveSettings, type RunlensSettings } from '../../shared/settings';
import type { PythonCandidate, PythonInterpreter } from './run/interpreter';
import { buildPlan, type PlanInput, type RunPlanFn } from './run/plan';
import { LineMap, splitLines } from './trace/lineMap';
import { TraceIndex } from './trace/traceIndex';
import type { RunStatus, Trace } from './trace/types';
import { RunQueue } from './scheduling/runQueue';
import { inlayHints } from './features/inlayHints';
import { codeLenses } from './features/codeLens';
import { callPrediction } from './features/prediction';
import { hover } from './features/hover';
import { asCodeActions, codeActionCommands, enclosingFunction } from './features/codeActions';
import { diagnostics } from './features/diagnostics';
import { outputText, traceText } from './features/views';
import { runSummary, terminalOutput } from './features/format';
import { bareExpression, doctestCalls, doctestExpression, predictionComment } from './features/doctest';
import type { TraceView } from './features/view';

/** What the server needs from the client side of the connection. */
export interface ClientPort {
  sendNotification(method: string, params?: unknown): void;
  sendRequest(method: string, params?: unknown): Promise<unknown>;
  log(level: 'error' | 'warn' | 'info', message: string): void;
}

export interface ServerDeps {
  client: ClientPort;
  runPlan: RunPlanFn;
  resolvePython(candidates: PythonCandidate[]): Promise<PythonInterpreter>;
  /** Candidates for an explicit choice (settings or client); defaults to `python3`/`python` on PATH after it. */
  candidates(explicit: PythonCandidate | null): PythonCandidate[];
}

/** Runs longer than this report `$/progress` (when the client supports it). */
export const PROGRESS_AFTER_MS = 500;
/** Most runs at once over all documents. */
export const MAX_CONCURRENT_RUNS = 2;

/** The server as seen by the wiring (server.ts) and by tests. */
export interface LanguageServer {
  initialize(params: InitializeParams): InitializeResult;
  initialized(): void;
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
  shutdown(): void;
}

interface Traced {
  version: number;
  index: TraceIndex;
  map: LineMap;
}

interface DocState {
  doc: TextDocument;
  lines: string[];
  latest: Traced | null;
  /** Line maps of runs in flight, updated with edits like the latest one. */
  inflight: Set<LineMap>;
  timer: NodeJS.Timeout | null;
  /** Diagnostics currently published (so edits can move them). */
  hasDiagnostics: boolean;
}

export class LspServer implements LanguageServer {
  private caps: ClientCapabilities = {};
  private settings: RunlensSettings = resolveSettings(undefined);
  private trusted = true;
  private paused = false;
  private clientPython = '';
  private clientPythonSource = 'client';
  private python: Promise<PythonInterpreter | null> | null = null;
  private pythonInfo: PythonInterpreter | null = null;
  private noPythonMessage = '';
  private readonly docs = new Map<string, DocState>();
  private readonly queue = new RunQueue(MAX_CONCURRENT_RUNS);
  private progressTokens = 0;
  private callRuns = 0;
  private down = false;

  constructor(private readonly deps: ServerDeps) {}

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────────

  initialize(params: InitializeParams): InitializeResult {
    this.caps = params.capabilities ?? {};
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    this.settings = resolveSettings(options.settings);
    this.trusted = options.trusted !== false;
    this.clientPython = typeof options.pythonPath === 'string' ? options.pythonPath : '';
    this.clientPythonSource = typeof options.pythonPathSource === 'string' ? options.pythonPathSource : 'client';
    const literal = !!this.caps.textDocument?.codeAction?.codeActionLiteralSupport;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: 2 /* incremental */, save: { includeText: false } },
        ...(this.caps.textDocument?.inlayHint ? { inlayHintProvider: { resolveProvider: false } } : {}),
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: literal ? { codeActionKinds: [''], resolveProvider: false } : true,
        executeCommandProvider: { commands: Object.values(COMMANDS) },
      },
      serverInfo: { name: 'runlens' },
    };
  }

  initialized(): void {
    this.sendState();
  }

  shutdown(): void {
    this.down = true;
    this.queue.cancelAll();
    for (const state of this.docs.values()) if (state.timer) clearTimeout(state.timer);
  }

  // ── documents ────────────────────────────────────────────────────────────────────────────────

  didOpen({ textDocument }: DidOpenTextDocumentParams): void {
    const doc = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    this.docs.set(doc.uri, { doc, lines: splitLines(doc.getText()), latest: null, inflight: new Set(), timer: null, hasDiagnostics: false });
    if (this.settings.runOn !== 'manual') this.schedule(doc.uri, 0);
  }

  didChange({ textDocument, contentChanges }: DidChangeTextDocumentParams): void {
    const state = this.docs.get(textDocument.uri);
    if (!state) return;
    for (const change of contentChanges) {
      state.doc = TextDocument.update(state.doc, [change], textDocument.version);
      state.lines = splitLines(state.doc.getText());
      const edit = 'range' in change ? { range: change.range, text: change.text } : { text: change.text };
      state.latest?.map.applyEdit(edit, state.lines);
      for (const map of state.inflight) map.applyEdit(edit, state.lines);
    }
    if (state.hasDiagnostics) this.publishDiagnostics(state);
    if (this.settings.runOn === 'type') {
      // The run in progress is for an older version: stop it now, run the new one after a pause.
      this.queue.cancel(state.doc.uri);
      this.schedule(state.doc.uri, this.settings.debounceMs);
    }
  }

  didSave({ textDocument }: DidSaveTextDocumentParams): void {
    const state = this.docs.get(textDocument.uri);
    if (!state || this.settings.runOn === 'manual') return;
    if (state.latest?.version === state.doc.version && this.settings.runOn === 'type') return;
    this.schedule(textDocument.uri, 0);
  }

  didClose({ textDocument }: DidCloseTextDocumentParams): void {
    const state = this.docs.get(textDocument.uri);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    this.queue.cancel(textDocument.uri);
    this.docs.delete(textDocument.uri);
    this.deps.client.sendNotification('textDocument/publishDiagnostics', { uri: textDocument.uri, diagnostics: [] });
  }

  // ── settings and state ───────────────────────────────────────────────────────────────────────

  async didChangeConfiguration(params: DidChangeConfigurationParams): Promise<void> {
    const given = (params.settings ?? {}) as Record<string, unknown>;
    let raw: unknown = given.runlens;
    if (raw === undefined && this.caps.workspace?.configuration) {
      try {
        raw = ((await this.deps.client.sendRequest('workspace/configuration', { items: [{ section: 'runlens' }] })) as unknown[])[0];
      } catch (error) {
        this.deps.client.log('warn', `Could not read settings: ${String(error)}`);
      }
    }
    if (raw === undefined) return;
    const before = this.settings;
    this.settings = resolveSettings(raw);
    if (before.pythonPath !== this.settings.pythonPath) this.resetPython();
    for (const state of this.docs.values()) this.publishDiagnostics(state);
    this.refresh();
  }

  setTrusted({ trusted }: SetTrustedParams): void {
    if (this.trusted === trusted) return;
    this.trusted = trusted;
    if (!trusted) this.stopAll();
    this.sendState();
    if (trusted) this.runStale();
  }

  private get canRun(): boolean {
    return this.trusted && !this.paused && !this.down;
  }

  private sendState(): void {
    const state: ServerStateParams['state'] = !this.trusted ? 'untrusted' : this.paused ? 'paused' : this.noPythonMessage ? 'noPython' : 'ready';
    const params: ServerStateParams = {
      state,
      python: this.pythonInfo ? { ...this.pythonInfo } : null,
      message: state === 'noPython' ? this.noPythonMessage : state === 'untrusted' ? 'Runlens does not run code in an untrusted workspace.' : state === 'paused' ? 'Runs are paused.' : '',
    };
    this.deps.client.sendNotification(SERVER_STATE, params);
  }

  private stopAll(): void {
    this.queue.cancelAll();
    for (const state of this.docs.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
    }
  }

  /** Run every open document whose latest trace is not of its current version. */
  private runStale(): void {
    if (this.settings.runOn === 'manual') return;
    for (const state of this.docs.values()) {
      if (state.latest?.version !== state.doc.version) this.schedule(state.doc.uri, 0);
    }
  }

  private resetPython(): void {
    this.python = null;
    this.pythonInfo = null;
    this.noPythonMessage = '';
  }

  private resolvePython(): Promise<PythonInterpreter | null> {
    if (!this.python) {
      const explicit: PythonCandidate | null = this.settings.pythonPath
        ? { path: this.settings.pythonPath, source: 'runlens.pythonPath' }
        : this.clientPython
          ? { path: this.clientPython, source: this.clientPythonSource }
          : null;
      this.python = this.deps.resolvePython(this.deps.candidates(explicit)).then(
        (python) => {
          this.pythonInfo = python;
          this.noPythonMessage = '';
          this.sendState();
          return python;
        },
        (error: Error) => {
          this.pythonInfo = null;
          this.noPythonMessage = error.message;
          this.deps.client.log('error', error.message);
          this.sendState();
          this.python = null; // try again on the next run
          return null;
        },
      );
    }
    return this.python;
  }

  // ── runs ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Run a document after `delayMs`. Runs nobody asked for (typing, opening, saving) are guarded
   * against destructive side effects when runlens.guardSideEffects is on; Run Now is not.
   */
  private schedule(uri: string, delayMs: number, requested = false): void {
    const state = this.docs.get(uri);
    if (!state || !this.canRun) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    const guard = !requested && this.settings.guardSideEffects;
    const go = () => {
      state.timer = null;
      if (this.canRun && this.docs.get(uri) === state) this.queue.submit(uri, (signal) => this.runDocument(state, signal, guard));
    };
    if (delayMs > 0) state.timer = setTimeout(go, delayMs);
    else go();
  }

  private async planInput(uri: string, source: string, guard: boolean): Promise<PlanInput | null> {
    const python = await this.resolvePython();
    if (!python) return null;
    let path: string;
    try {
      path = uri.startsWith('file:') ? fileURLToPath(uri) : join(process.cwd(), basename(uri) || 'untitled.py');
    } catch {
      path = join(process.cwd(), 'untitled.py');
    }
    const s = this.settings;
    const cwd = s.cwd ? (isAbsolute(s.cwd) ? s.cwd : join(dirname(path), s.cwd)) : dirname(path);
    let stdin = '';
    if (s.stdinFile) {
      try {
        stdin = await readFile(isAbsolute(s.stdinFile) ? s.stdinFile : join(cwd, s.stdinFile), 'utf8');
      } catch (error) {
        this.deps.client.log('warn', `Could not read runlens.stdinFile: ${String(error)}`);
      }
    }
    return {
      entry: path,
      text: source,
      cwd,
      argv: s.args,
      stdin,
      python,
      limits: { timeoutMs: s.timeoutMs, memoryMb: s.memoryMb, maxOutputBytes: s.maxOutputKb * 1024, samples: s.samples },
      env: s.env,
      guard,
    };
  }

  private async runDocument(state: DocState, signal: AbortSignal, guard: boolean): Promise<void> {
    const uri = state.doc.uri;
    const version = state.doc.version;
    const source = state.doc.getText();
    const map = new LineMap(splitLines(source));
    state.inflight.add(map);
    const progress = this.startProgress(`Running ${basename(uri)}`);
    try {
      const input = await this.planInput(uri, source, guard);
      if (!input || signal.aborted) {
        if (signal.aborted) this.finished(uri, version, 'killed', 0, 'Cancelled: the document changed');
        return;
      }
      this.deps.client.sendNotification(RUN_STARTED, { uri, version } satisfies RunStartedParams);
      let trace: Trace;
      try {
        trace = await this.deps.runPlan(buildPlan(input), { signal });
      } catch (error) {
        if (signal.aborted) {
          this.finished(uri, version, 'killed', 0, 'Cancelled: the document changed');
        } else {
          this.deps.client.log('error', `Run of ${uri} failed: ${(error as Error).stack ?? String(error)}`);
          this.finished(uri, version, 'killed', 0, `Run failed: ${(error as Error).message}`);
        }
        return;
      }
      if (signal.aborted || this.docs.get(uri) !== state) {
        this.finished(uri, version, 'killed', trace.durationMs, 'Cancelled: the document changed');
        return;
      }
      if (trace.tracerErrors.length > 0) {
        this.deps.client.log('warn', `The tracer had problems with ${basename(uri)} (what they touched may be missing): ${trace.tracerErrors.join('; ')}`);
      }
      state.latest = { version, index: new TraceIndex(trace, source, version), map };
      this.publishDiagnostics(state);
      this.refresh();
      const view = this.view(uri)!;
      this.finished(uri, version, trace.status, trace.durationMs, runSummary(trace, (l) => (view.map.toCurrent(l - 1) ?? l - 1) + 1));
    } finally {
      state.inflight.delete(map);
      progress.done();
    }
  }

  private finished(uri: string, version: number, status: RunStatus, durationMs: number, summary: string): void {
    this.deps.client.sendNotification(TRACE_FINISHED, { uri, version, status, durationMs, summary } satisfies TraceFinishedParams);
  }

  private refresh(): void {
    const ws = this.caps.workspace;
    if (ws?.inlayHint?.refreshSupport && this.caps.textDocument?.inlayHint) {
      this.deps.client.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
    }
    if (ws?.codeLens?.refreshSupport) {
      this.deps.client.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    }
  }

  private startProgress(message: string): { done(): void } {
    if (!this.caps.window?.workDoneProgress) return { done() {} };
    const token = `runlens-run-${++this.progressTokens}`;
    let finished = false;
    let begun: Promise<boolean> | null = null;
    const timer = setTimeout(() => {
      begun = this.deps.client.sendRequest('window/workDoneProgress/create', { token }).then(
        () => {
          if (finished) {
            this.deps.client.sendNotification('$/progress', { token, value: { kind: 'begin', title: 'Runlens', message } });
            this.deps.client.sendNotification('$/progress', { token, value: { kind: 'end' } });
            return false;
          }
          this.deps.client.sendNotification('$/progress', { token, value: { kind: 'begin', title: 'Runlens', message, cancellable: false } });
          return true;
        },
        () => false,
      );
    }, PROGRESS_AFTER_MS);
    return {
      done: () => {
        finished = true;
        clearTimeout(timer);
        void begun?.then((open) => {
          if (open) this.deps.client.sendNotification('$/progress', { token, value: { kind: 'end' } });
        });
      },
    };
  }

  private publishDiagnostics(state: DocState): void {
    const view = this.view(state.doc.uri);
    const list: Diagnostic[] = view && this.settings.diagnostics.enabled ? diagnostics(view) : [];
    if (list.length === 0 && !state.hasDiagnostics) return;
    state.hasDiagnostics = list.length > 0;
    this.deps.client.sendNotification('textDocument/publishDiagnostics', { uri: state.doc.uri, version: state.doc.version, diagnostics: list });
  }

  // ── requests: answered from the latest finished trace, never by running ─────────────────────

  private view(uri: string): TraceView | null {
    const state = this.docs.get(uri);
    if (!state?.latest) return null;
    return { uri, index: state.latest.index, map: state.latest.map, settings: this.settings, currentLines: state.lines };
  }

  inlayHints(params: InlayHintParams): InlayHint[] | null {
    if (!this.caps.textDocument?.inlayHint) return null;
    const view = this.view(params.textDocument.uri);
    return view ? inlayHints(view, params.range) : [];
  }

  codeLenses(params: CodeLensParams): CodeLens[] | null {
    if (!this.settings.codeLens.enabled) return [];
    const view = this.view(params.textDocument.uri);
    return view ? codeLenses(view) : [];
  }

  hover(params: HoverParams): Hover | null {
    if (!this.settings.hover.enabled) return null;
    const view = this.view(params.textDocument.uri);
    return view ? hover(view, params.position.line) : null;
  }

  codeActions(params: CodeActionParams): (CodeAction | Command)[] | null {
    const state = this.docs.get(params.textDocument.uri);
    if (!state) return null;
    const only = params.context.only;
    if (only && only.length > 0 && !only.includes('')) return [];
    const commands = codeActionCommands({ uri: state.doc.uri, lines: state.lines, view: this.view(state.doc.uri) }, params.range);
    return this.caps.textDocument?.codeAction?.codeActionLiteralSupport ? asCodeActions(commands) : commands;
  }

  // ── commands ─────────────────────────────────────────────────────────────────────────────────

  async executeCommand({ command, arguments: args }: ExecuteCommandParams): Promise<unknown> {
    const arg = (args?.[0] ?? {}) as Record<string, unknown>;
    const uri = typeof arg.uri === 'string' ? arg.uri : '';
    switch (command) {
      case COMMANDS.runNow: {
        const started = this.canRun && this.docs.has(uri);
        if (started) this.schedule(uri, 0, true);
        return { started };
      }
      case COMMANDS.pause:
        this.paused = true;
        this.stopAll();
        this.sendState();
        return { paused: true };
      case COMMANDS.resume:
        this.paused = false;
        this.sendState();
        this.runStale();
        return { paused: false };
      case COMMANDS.showOutput: {
        const view = this.view(uri);
        return view ? outputText(view.index) : '';
      }
      case COMMANDS.showTrace: {
        const view = this.view(uri);
        return view ? traceText(view.index, basename(uri)) : '';
      }
      case COMMANDS.predictFile:
        return this.predictFile(uri);
      case COMMANDS.predictCall:
        return this.predictCall(arg as unknown as PredictCallArgs);
      case COMMANDS.insertPrediction:
        return this.insertPrediction(arg as unknown as InsertPredictionArgs);
      default:
        throw new Error(`Unknown command ${command}`);
    }
  }

  private predictFile(uri: string): FilePrediction {
    const state = this.docs.get(uri);
    const latest = state?.latest ?? null;
    const result: FilePrediction = latest
      ? { kind: 'file', uri, version: latest.version, status: latest.index.trace.status, output: terminalOutput(latest.index.trace), summary: runSummary(latest.index.trace) }
      : { kind: 'file', uri, version: null, status: null, output: '', summary: 'Nothing has run yet' };
    this.deps.client.sendNotification(PREDICTION, result);
    return result;
  }

  private async predictCall(args: PredictCallArgs): Promise<CallPrediction> {
    const state = this.docs.get(args.uri);
    const empty: CallPrediction = {
      kind: 'call', uri: args.uri, function: null, call: '', needsCall: false, status: null, returnValue: null, output: '',
      exception: null, path: null, summary: '',
    };
    if (!state) return { ...empty, summary: 'The document is not open' };
    const fn = enclosingFunction({ uri: args.uri, lines: state.lines, view: this.view(args.uri) }, args.line ?? 0);
    const call = (typeof args.call === 'string' && args.call.trim()) ||
      (fn ? doctestCalls(state.lines.slice(fn.defLine, fn.endLine + 1), fn.name)[0] ?? doctestCalls(state.lines, fn.name)[0] : undefined);
    if (!call) {
      return { ...empty, function: fn?.name ?? null, needsCall: true, summary: `Give a call to predict, e.g. ${fn?.name ?? 'f'}(…)` };
    }
    const result = await this.runCall(state, call.trim(), fn?.name ?? null);
    this.deps.client.sendNotification(PREDICTION, result);
    return result;
  }

  /** The one user-initiated run: `call` evaluated after importing the document as a module. */
  private async runCall(state: DocState, call: string, fnName: string | null): Promise<CallPrediction> {
    const base: CallPrediction = {
      kind: 'call', uri: state.doc.uri, function: fnName, call, needsCall: false, status: null, returnValue: null, output: '',
      exception: null, path: null, summary: '',
    };
    if (!this.trusted) return { ...base, summary: 'Runlens does not run code in an untrusted workspace' };
    const source = state.doc.getText();
    let trace: Trace | null = null;
    let failure = '';
    await new Promise<void>((resolve) => {
      this.queue.submit(`call:${++this.callRuns}`, async (signal) => {
        try {
          // A prediction should not change anything either: guarded like runs started by typing.
          const input = await this.planInput(state.doc.uri, source, this.settings.guardSideEffects);
          if (!input) {
            failure = this.noPythonMessage || 'No Python interpreter';
            return;
          }
          trace = await this.deps.runPlan(buildPlan({ ...input, call }), { signal });
        } catch (error) {
          failure = (error as Error).message;
        } finally {
          resolve();
        }
      });
    });
    const t = trace as Trace | null;
    if (!t) return { ...base, summary: failure || 'Cancelled' };
    return callPrediction(base, t, call, fnName);
  }

  private async insertPrediction(args: InsertPredictionArgs): Promise<InsertPredictionResult> {
    const state = this.docs.get(args.uri);
    if (!state) return { applied: false, value: null, message: 'The document is not open' };
    const line = args.line;
    const text = state.lines[line] ?? '';
    const doctest = doctestExpression(text);
    const expression = doctest ?? bareExpression(text);
    if (!expression) return { applied: false, value: null, message: 'Not a call or expression line' };
    // The expression runs in call mode: after the module's top level, so it sees the module's
    // final state (the tracer does not record the values of expression statements).
    const fn = enclosingFunction({ uri: args.uri, lines: state.lines, view: this.view(args.uri) }, line);
    const prediction = await this.runCall(state, expression, fn?.name ?? null);
    let value: string;
    if (prediction.exception) value = `${prediction.exception.type}: ${prediction.exception.message}`;
    else if (prediction.returnValue !== null) value = prediction.returnValue;
    else return { applied: false, value: null, message: prediction.summary };
    const comment = predictionComment(text, value);
    const edit: WorkspaceEdit = {
      changes: {
        [args.uri]: [{ range: { start: { line, character: comment.start }, end: { line, character: text.length } }, newText: comment.text }],
      },
    };
    if (!this.caps.workspace?.applyEdit) return { applied: false, value, message: 'The client cannot apply edits' };
    try {
      const result = (await this.deps.client.sendRequest('workspace/applyEdit', { label: 'Insert predicted output', edit })) as { applied?: boolean };
      return { applied: !!result?.applied, value, message: result?.applied ? `Inserted → ${value}` : 'The client did not apply the edit' };
    } catch (error) {
      return { applied: false, value, message: String(error) };
    }
  }
}
