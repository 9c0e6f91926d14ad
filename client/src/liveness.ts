// Is the server still there? While it runs, the client asks it a cheap question (runlens/ping)
// every few seconds. An answer that does not come within the deadline is looked into: a server
// stopped by a signal (SIGSTOP from a run, say) is reported so that the client kills and restarts
// it; a busy one is only logged. No `vscode` import; timers are injected (test/unit/serverHealth.test.ts).
import { verdict } from './serverHealth';

export interface LivenessDeps {
  /** Resolves (or rejects) when the server answers. */
  ping(): Promise<unknown>;
  /** The server process's state letter from /proc (null when unknown). */
  state(): string | null;
  /** The server is stopped and has not answered for `silentMs`: kill it and restart. */
  onStopped(silentMs: number): void;
  log(message: string): void;
  /** Call `run` after `ms`; the returned function cancels it. */
  after(ms: number, run: () => void): () => void;
  now(): number;
}

export const PING_INTERVAL_MS = 5_000;
export const PING_DEADLINE_MS = 5_000;

export class LivenessWatch {
  private cancelTimer: (() => void) | null = null;
  private checking = false;
  private running = false;
  private slowSince: number | null = null;

  constructor(
    private readonly deps: LivenessDeps,
    private readonly intervalMs = PING_INTERVAL_MS,
    private readonly deadlineMs = PING_DEADLINE_MS,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(this.intervalMs, () => this.check());
  }

  stop(): void {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private schedule(ms: number, run: () => void): void {
    this.cancelTimer?.();
    this.cancelTimer = this.deps.after(ms, run);
  }

  private check(): void {
    if (!this.running || this.checking) return;
    this.checking = true;
    const sent = this.deps.now();
    let answered = false;
    const settle = () => {
      answered = true;
      this.checking = false;
      if (this.slowSince !== null) this.deps.log(`The Runlens server answers again after ${Math.round((this.deps.now() - this.slowSince) / 1000)} s.`);
      this.slowSince = null;
      if (this.running) this.schedule(this.intervalMs, () => this.check());
    };
    this.deps.ping().then(settle, settle);
    this.schedule(this.deadlineMs, () => {
      if (answered || !this.running) return;
      const state = this.deps.state();
      const silentMs = this.deps.now() - sent;
      if (verdict(false, state) === 'stopped') {
        this.stop();
        this.deps.onStopped(silentMs);
        return;
      }
      if (this.slowSince === null) {
        this.slowSince = sent;
        this.deps.log(`The Runlens server has not answered for ${Math.round(silentMs / 1000)} s (process state ${state ?? 'unknown'}); waiting.`);
      }
      // Look again later: a stop signal may still come, or the answer.
      this.schedule(this.deadlineMs, () => this.recheck(sent));
    });
  }

  private recheck(sent: number): void {
    if (!this.running || !this.checking) return;
    if (verdict(false, this.deps.state()) === 'stopped') {
      this.stop();
      this.deps.onStopped(this.deps.now() - sent);
      return;
    }
    this.schedule(this.deadlineMs, () => this.recheck(sent));
  }
}
