// Driving LspServer in unit tests: a recording client, a manual clock (the server's debounce and
// progress timers fire only when a test advances it) and a runner the test controls. Tests wait on
// what the server sends and what the runner sees (each wakes the waiters), or on server.idle();
// never on time.
import type { ClientCapabilities, NotificationType } from 'vscode-languageserver';
import { LspServer, type ServerDeps } from '../../server/src/lspServer';
import type { Clock, Timer } from '../../server/src/clock';
import type { LspClient, LogLevel } from '../../server/src/lspClient';
import type { RunPlan, RunPlanFn } from '../../server/src/run/plan';
import type { Trace } from '../../server/src/trace/types';
import { RunStarted, TraceFinished, type RunStartedParams, type TraceFinishedParams } from '../../shared/protocol';
import { LOOPS_SOURCE, loopsTrace, makeTrace } from './serverFixtures';

export const URI = 'file:///tmp/runlens-unit/loops.py';

export const FULL_CAPABILITIES: ClientCapabilities = {
  textDocument: { inlayHint: {}, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [''] } } } },
  workspace: { inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true }, applyEdit: true },
  window: { workDoneProgress: true },
};

/** Wakes waiting tests when something happened; each wait has a deadline so a missing event fails. */
class Signals {
  private waiters = new Set<() => void>();

  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(deadline);
        this.waiters.delete(check);
        resolve();
      };
      const deadline = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      this.waiters.add(check);
    });
  }
}

export class ManualClock implements Clock {
  private now = 0;
  private timers: { at: number; callback: () => void; live: boolean }[] = [];

  after(ms: number, callback: () => void): Timer {
    const timer = { at: this.now + ms, callback, live: true };
    this.timers.push(timer);
    return { cancel: () => (timer.live = false) };
  }

  /** Timers set and neither fired nor cancelled. */
  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }

  /** Move time on, firing every timer that falls due (in order). */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.now = due.at;
      due.callback();
    }
    this.now = until;
    this.timers = this.timers.filter((t) => t.live);
  }
}

export class TestClient implements LspClient {
  readonly notifications: { method: string; params: any }[] = [];
  readonly requests: { method: string; params: any }[] = [];
  readonly logs: { level: LogLevel; message: string }[] = [];
  /** What workspace/configuration answers for the runlens section. */
  configuration: unknown = null;

  constructor(private readonly signals: Signals) {}

  notify<P>(type: NotificationType<P>, params: P): void {
    this.notifications.push({ method: type.method, params });
    this.signals.wake();
  }

  async request(type: { method: string }, params?: unknown): Promise<any> {
    this.requests.push({ method: type.method, params });
    this.signals.wake();
    if (type.method === 'workspace/configuration') return [this.configuration];
    if (type.method === 'workspace/applyEdit') return { applied: true };
    return null;
  }

  request0(type: { method: string }): Promise<any> {
    return this.request(type);
  }

  progress(token: string | number, value: unknown): void {
    this.notifications.push({ method: '$/progress', params: { token, value } });
    this.signals.wake();
  }

  log(level: LogLevel, message: string): void {
    this.logs.push({ level, message });
  }

  of<P>(type: NotificationType<P>): P[] {
    return this.notifications.filter((n) => n.method === type.method).map((n) => n.params as P);
  }

  finished(): TraceFinishedParams[] {
    return this.of(TraceFinished);
  }

  started(): RunStartedParams[] {
    return this.of(RunStarted);
  }
}

/** A runner whose runs finish when the test says so (or at once), honouring cancellation. */
export class FakeRunner {
  readonly plans: RunPlan[] = [];
  active = 0;
  maxActive = 0;
  /** Runs wait for release() instead of finishing at once. */
  hold = false;
  /** Held runs ignore cancellation (a run layer that delivers its trace anyway). */
  ignoreCancel = false;
  trace: (plan: RunPlan) => Trace = () => loopsTrace();
  private gates: (() => void)[] = [];

  constructor(private readonly signals: Signals) {}

  run: RunPlanFn = (plan, options) => {
    this.plans.push(plan);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    const running = new Promise<Trace>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => Trace) => {
        if (settled) return;
        settled = true;
        this.gates = this.gates.filter((g) => g !== finish);
        this.active--;
        try {
          resolve(outcome());
        } catch (error) {
          reject(error);
        }
        this.signals.wake();
      };
      const finish = () => settle(() => this.trace(plan));
      if (!this.hold) return finish();
      this.gates.push(finish);
      if (this.ignoreCancel) return;
      options?.signal?.addEventListener('abort', () =>
        settle(() => makeTrace({ status: 'killed', stoppedBy: { limit: 'cancelled', message: 'Cancelled', line: null } })));
    });
    this.signals.wake(); // the plan is recorded and, when held, waiting for release()
    return running;
  };

  releaseAll(): void {
    const gates = this.gates;
    this.gates = [];
    for (const gate of gates) gate();
  }

  get waiting(): number {
    return this.gates.length;
  }
}

export interface Setup {
  client: TestClient;
  runner: FakeRunner;
  clock: ManualClock;
  server: LspServer;
  until(condition: () => boolean, what: string): Promise<void>;
  open(text?: string, uri?: string): void;
  /** Replace the whole text (a full-document change); returns the new version. */
  change(text: string, uri?: string): number;
}

export interface SetupOptions {
  caps?: ClientCapabilities;
  trusted?: boolean;
  /** initializationOptions.settings. */
  settings?: unknown;
  /** What the client answers to workspace/configuration (asked only when caps say it can be). */
  configuration?: unknown;
  readFile?: (path: string) => Promise<string>;
  resolvePython?: ServerDeps['resolvePython'];
}

export async function setup(options: SetupOptions = {}): Promise<Setup> {
  const signals = new Signals();
  const client = new TestClient(signals);
  client.configuration = options.configuration ?? null;
  const runner = new FakeRunner(signals);
  const clock = new ManualClock();
  const server = new LspServer({
    client,
    runPlan: runner.run,
    resolvePython: options.resolvePython ?? (async () => ({ executable: '/usr/bin/python3', version: '3.11.7', source: 'test' })),
    candidates: (explicit) => (explicit ? [explicit] : [{ path: 'python3', source: 'PATH' }]),
    clock,
    ...(options.readFile ? { readFile: options.readFile } : {}),
  });
  server.initialize({
    processId: null, rootUri: null, capabilities: options.caps ?? FULL_CAPABILITIES,
    initializationOptions: { trusted: options.trusted, settings: options.settings ?? { debounceMs: 5 } },
  });
  await server.initialized();
  const versions = new Map<string, number>();
  return {
    client,
    runner,
    clock,
    server,
    until: (condition, what) => signals.until(condition, what),
    open(text = LOOPS_SOURCE, uri = URI) {
      versions.set(uri, 1);
      server.didOpen({ textDocument: { uri, languageId: 'python', version: 1, text } });
    },
    change(text, uri = URI) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      server.didChange({ textDocument: { uri, version }, contentChanges: [{ text }] });
      return version;
    },
  };
}
