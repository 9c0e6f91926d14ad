// At most one job per key and `limit` jobs in total; a newer job for a key cancels the older one.
// A job is cancelled through its AbortSignal, whose `reason` is a sentence saying why.
export type Job = (signal: AbortSignal) => Promise<void>;

interface Entry {
  key: string;
  job: Job;
  controller: AbortController;
  /** The job ended, or was dropped before it started. */
  settle(): void;
}

export class RunQueue {
  private readonly waiting: Entry[] = [];
  private readonly running = new Map<string, Entry>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    /** A job that threw (jobs report their own errors; this is the last resort). */
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  /** Queue a job for a key, cancelling that key's queued or running job. Resolves when the job ends or is dropped. */
  submit(key: string, job: Job): Promise<void> {
    this.cancel(key, 'a newer run replaced it');
    return new Promise<void>((settle) => {
      this.waiting.push({ key, job, controller: new AbortController(), settle });
      this.pump();
    });
  }

  /** Abort the key's running job and drop its queued one. */
  cancel(key: string, reason: string): void {
    const index = this.waiting.findIndex((e) => e.key === key);
    if (index >= 0) this.waiting.splice(index, 1)[0]!.settle();
    this.running.get(key)?.controller.abort(reason);
    this.notifyIdle();
  }

  cancelAll(reason: string): void {
    for (const entry of this.waiting.splice(0)) entry.settle();
    for (const entry of this.running.values()) entry.controller.abort(reason);
    this.notifyIdle();
  }

  /** Resolves when no job runs or waits. */
  idle(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private get isIdle(): boolean {
    return this.running.size === 0 && this.waiting.length === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.running.size < this.limit; ) {
      const entry = this.waiting[i]!;
      // One at a time per key: a cancelled run must end (its process killed) before the next starts.
      if (this.running.has(entry.key)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.running.set(entry.key, entry);
      void this.start(entry);
    }
    this.notifyIdle();
  }

  private async start(entry: Entry): Promise<void> {
    try {
      await entry.job(entry.controller.signal);
    } catch (error) {
      this.onError(entry.key, error);
    } finally {
      if (this.running.get(entry.key) === entry) this.running.delete(entry.key);
      entry.settle();
      this.pump();
    }
  }
}
