// Serialises server restarts: one at a time, and requests that arrive while one is running
// collapse into a single follow-up restart (it reads the newest settings, interpreter and trust
// anyway). No `vscode` import, so test/unit/restartQueue.test.ts runs it directly.

export type RestartTask = (reasons: string[]) => Promise<void>;

export class RestartQueue {
  private running: Promise<void> | null = null;
  private pending: { reasons: string[]; done: Promise<void>; resolve: () => void } | null = null;
  private disposed = false;

  constructor(
    private readonly task: RestartTask,
    private readonly onError: (error: unknown, reasons: string[]) => void = () => {},
  ) {}

  /**
   * Ask for a restart. Resolves when a restart that started after this call has finished
   * (successfully or not: failures go to onError, never reject here).
   */
  request(reason: string): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.pending) {
      if (!this.pending.reasons.includes(reason)) this.pending.reasons.push(reason);
      return this.pending.done;
    }
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.pending = { reasons: [reason], done, resolve };
    if (!this.running) void this.drain();
    return done;
  }

  /** True while a restart is running or waiting. */
  get busy(): boolean {
    return this.running !== null || this.pending !== null;
  }

  /** Drop the waiting request (its promise resolves) and refuse new ones. */
  dispose(): void {
    this.disposed = true;
    const pending = this.pending;
    this.pending = null;
    pending?.resolve();
  }

  private async drain(): Promise<void> {
    while (this.pending && !this.disposed) {
      const { reasons, resolve } = this.pending;
      this.pending = null;
      this.running = (async () => {
        try {
          await this.task(reasons);
        } catch (error) {
          this.onError(error, reasons);
        }
      })();
      await this.running;
      this.running = null;
      resolve();
    }
  }
}
