// At most one job per key and `limit` jobs in total; a newer job for a key cancels the older one.
export type Job = (signal: AbortSignal) => Promise<void>;

interface Entry {
  key: string;
  job: Job;
  controller: AbortController;
}

export class RunQueue {
  private readonly waiting: Entry[] = [];
  private readonly running = new Map<string, Entry>();

  constructor(private readonly limit = 2) {}

  /** Queue a job for a key, cancelling (aborting) that key's queued or running job. */
  submit(key: string, job: Job): void {
    this.cancel(key);
    this.waiting.push({ key, job, controller: new AbortController() });
    this.pump();
  }

  /** Abort the key's running job and drop its queued one. */
  cancel(key: string): void {
    const index = this.waiting.findIndex((e) => e.key === key);
    if (index >= 0) this.waiting.splice(index, 1);
    this.running.get(key)?.controller.abort();
  }

  cancelAll(): void {
    this.waiting.length = 0;
    for (const entry of this.running.values()) entry.controller.abort();
  }

  get runningCount(): number {
    return this.running.size;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  isBusy(key: string): boolean {
    return this.running.has(key) || this.waiting.some((e) => e.key === key);
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
      void (async () => {
        try {
          await entry.job(entry.controller.signal);
        } catch {
          // Jobs report their own errors.
        } finally {
          if (this.running.get(entry.key) === entry) this.running.delete(entry.key);
          this.pump();
        }
      })();
    }
  }
}
