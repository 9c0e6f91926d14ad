// Runs of documents and of predictions: when runOn says a document runs (open, typing with a
// debounce, save, Run Now), building its RunPlan, the queue (one run per document, two in all),
// progress, and the one runlens/traceFinished every document run ends with, whatever happened.
import { basename } from 'node:path';
import { RunStarted, TraceFinished, type RunStatus, type TraceFinishedParams } from '../../../shared/protocol';
import type { RunlensSettings } from '../../../shared/settings';
import type { Clock, Timer } from '../clock';
import type { Documents, OpenDocument, RunSnapshot } from '../documents/documents';
import { runSummary } from '../features/format';
import type { LspClient } from '../lspClient';
import type { RunPlan, RunPlanFn } from '../run/plan';
import { failedTrace } from '../trace/emptyTrace';
import type { Trace } from '../trace/types';
import type { RunGate } from './gate';
import { documentPath, documentPlan, stdinPath } from './plans';
import type { RunProgress } from './progress';
import type { PythonChoice } from './python';
import { RunQueue } from './queue';

/** Most runs at once over all documents (predictions included). */
export const MAX_CONCURRENT_RUNS = 2;

export type Trigger = 'open' | 'change' | 'save';

export interface RunsDeps {
  client: LspClient;
  documents: Documents;
  runPlan: RunPlanFn;
  python: PythonChoice;
  gate: RunGate;
  settings(): RunlensSettings;
  clock: Clock;
  progress: RunProgress;
  readFile(path: string): Promise<string>;
  /** A document has a new latest trace: publish its diagnostics, ask clients to refresh. */
  onTraced(doc: OpenDocument): void;
}

/** What a prediction's run gave: its trace, or why nothing was traced. */
export type CallOutcome = { trace: Trace } | { failure: string };

export class Runs {
  private readonly queue: RunQueue;
  private readonly debounce = new Map<string, Timer>();
  private callRuns = 0;

  constructor(private readonly deps: RunsDeps) {
    this.queue = new RunQueue(MAX_CONCURRENT_RUNS, (key, error) => deps.client.log('error', `Run ${key} failed: ${describe(error, true)}`));
  }

  /** A document was opened, changed or saved: run it when runOn says so. */
  trigger(doc: OpenDocument, trigger: Trigger): void {
    const { runOn, debounceMs } = this.deps.settings();
    if (runOn === 'manual') return;
    if (trigger === 'open') return this.schedule(doc, 0);
    if (trigger === 'change') {
      if (runOn !== 'type') return;
      // The run in progress is for an older version: stop it now, run the new one after a pause.
      this.queue.cancel(doc.uri, 'the document changed');
      return this.schedule(doc, debounceMs);
    }
    // A save of a version that already ran (typing ran it) has nothing new to show.
    if (runOn === 'type' && doc.latest?.version === doc.version) return;
    this.schedule(doc, 0);
  }

  /** Run Now: whatever runOn says, without the side-effect guard. False when nothing can run. */
  runNow(uri: string): boolean {
    const doc = this.deps.documents.get(uri);
    if (!doc || !this.deps.gate.open) return false;
    this.schedule(doc, 0, true);
    return true;
  }

  closed(uri: string): void {
    this.debounce.get(uri)?.cancel();
    this.debounce.delete(uri);
    this.queue.cancel(uri, 'the document was closed');
  }

  /** Run every open document whose latest trace is not of its current version (after resume, trust). */
  runStale(): void {
    if (this.deps.settings().runOn === 'manual') return;
    for (const doc of this.deps.documents.all()) if (doc.latest?.version !== doc.version) this.schedule(doc, 0);
  }

  /** Cancel every run and scheduled run (pause, untrust, shutdown). */
  stopAll(reason: string): void {
    for (const timer of this.debounce.values()) timer.cancel();
    this.debounce.clear();
    this.queue.cancelAll(reason);
  }

  /** Resolves when no run is running or queued (scheduled runs waiting for their debounce do not count). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /**
   * Runs nobody asked for (typing, opening, saving) are guarded against destructive side effects
   * when runlens.guardSideEffects is on; Run Now (`requested`) is not.
   */
  private schedule(doc: OpenDocument, delayMs: number, requested = false): void {
    if (!this.deps.gate.open) return;
    this.debounce.get(doc.uri)?.cancel();
    this.debounce.delete(doc.uri);
    const guard = !requested && this.deps.settings().guardSideEffects;
    const go = () => {
      this.debounce.delete(doc.uri);
      if (!this.deps.gate.open || !this.deps.documents.isCurrent(doc)) return;
      void this.queue.submit(doc.uri, (signal) => this.runDocument(doc, signal, guard));
    };
    if (delayMs > 0) this.debounce.set(doc.uri, this.deps.clock.after(delayMs, go));
    else go();
  }

  /** One run of a document: runStarted, then exactly one traceFinished, whatever happens in between. */
  private async runDocument(doc: OpenDocument, signal: AbortSignal, guard: boolean): Promise<void> {
    const { snapshot, release } = doc.snapshot();
    this.deps.client.notify(RunStarted, { uri: snapshot.uri, version: snapshot.version });
    const progress = this.deps.progress.start(`Running ${basename(snapshot.uri)}`);
    let finished: TraceFinishedParams;
    try {
      finished = await this.traceDocument(doc, snapshot, signal, guard);
    } catch (error) {
      // A fault on this side: the run still ends, and says why.
      this.deps.client.log('error', `Run of ${snapshot.uri} failed: ${describe(error, true)}`);
      finished = ending(snapshot, 'error', 0, `Could not trace the run: ${describe(error)}`);
    } finally {
      release();
      progress.done();
    }
    this.deps.client.notify(TraceFinished, finished);
  }

  private async traceDocument(doc: OpenDocument, snapshot: RunSnapshot, signal: AbortSignal, guard: boolean): Promise<TraceFinishedParams> {
    const cancelled = (durationMs: number) => ending(snapshot, 'killed', durationMs, `Cancelled: ${reasonOf(signal)}`);
    const prepared = await this.prepare(snapshot.uri, snapshot.source, guard, null, signal);
    if (signal.aborted) return cancelled(0);
    if ('failure' in prepared) {
      this.deps.client.log('error', `${basename(snapshot.uri)} did not run: ${prepared.failure}`);
      return ending(snapshot, 'error', 0, prepared.failure);
    }
    const trace = await this.execute(prepared.plan, signal);
    if (signal.aborted || !this.deps.documents.isCurrent(doc)) return cancelled(trace.durationMs);
    const name = basename(snapshot.uri);
    if (trace.tracerErrors.length > 0) {
      this.deps.client.log('warn', `The tracer had problems with ${name} (what they touched may be missing): ${trace.tracerErrors.join('; ')}`);
    }
    if (trace.status === 'error') this.deps.client.log('error', `${name}: could not trace the run: ${trace.failure?.message ?? 'unknown error'}`);
    doc.traced(snapshot, trace);
    this.deps.onTraced(doc);
    const map = snapshot.map;
    const finished = ending(snapshot, trace.status, trace.durationMs, runSummary(trace, (l) => (map.toCurrent(l - 1) ?? l - 1) + 1));
    return trace.sandbox ? { ...finished, sandbox: trace.sandbox } : finished;
  }

  /**
   * A prediction's run: `call` evaluated after importing the document's current text as a module.
   * Not a document run (no runStarted/traceFinished): its result is the prediction.
   */
  async runCall(doc: OpenDocument, call: string): Promise<CallOutcome> {
    if (!this.deps.gate.trusted) return { failure: 'Runlens does not run code in an untrusted workspace' };
    const source = doc.text;
    let outcome: CallOutcome = { failure: 'Cancelled' };
    await this.queue.submit(`call:${++this.callRuns}`, async (signal) => {
      // A prediction should not change anything either: guarded like runs started by typing.
      const prepared = await this.prepare(doc.uri, source, this.deps.settings().guardSideEffects, call, signal);
      if ('failure' in prepared) outcome = prepared;
      else if (!signal.aborted) outcome = { trace: await this.execute(prepared.plan, signal) };
      if (signal.aborted) outcome = { failure: `Cancelled: ${reasonOf(signal)}` };
    });
    return outcome;
  }

  /** The plan of a run: the interpreter resolved and runlens.stdinFile read. */
  private async prepare(uri: string, source: string, guard: boolean, call: string | null, signal: AbortSignal): Promise<{ plan: RunPlan } | { failure: string }> {
    const python = await this.deps.python.resolve();
    if (!python) return { failure: this.deps.python.failure || 'No Python interpreter was found' };
    const settings = this.deps.settings();
    let stdin = '';
    const stdinFile = stdinPath(documentPath(uri), settings);
    if (stdinFile && !signal.aborted) {
      try {
        stdin = await this.deps.readFile(stdinFile);
      } catch (error) {
        this.deps.client.log('warn', `Could not read runlens.stdinFile: ${describe(error)}`);
      }
    }
    return { plan: documentPlan({ uri, source, settings, python, guard, call, stdin }) };
  }

  /** runPlan never rejects (its contract); should it anyway, the run ends as an error trace. */
  private async execute(plan: RunPlan, signal: AbortSignal): Promise<Trace> {
    try {
      return await this.deps.runPlan(plan, { signal });
    } catch (error) {
      this.deps.client.log('error', `The run layer failed on ${plan.entry}: ${describe(error, true)}`);
      return failedTrace(plan.python.version, plan.limits, { kind: 'tracer', message: describe(error) });
    }
  }
}

function ending(snapshot: RunSnapshot, status: RunStatus, durationMs: number, summary: string): TraceFinishedParams {
  return { uri: snapshot.uri, version: snapshot.version, status, durationMs, summary };
}

function reasonOf(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : 'cancelled';
}

function describe(error: unknown, withStack = false): string {
  if (error instanceof Error) return withStack && error.stack ? error.stack : error.message;
  return String(error);
}
