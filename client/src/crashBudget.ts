// How often a crashed server is restarted before Runlens gives up and says so.
// No `vscode` import (unit-tested in test/unit/crashBudget.test.ts).

export interface CrashDecision {
  restart: boolean;
  /** Crashes inside the window, this one included. */
  crashes: number;
}

export class CrashBudget {
  private crashes: number[] = [];

  constructor(
    /** Restarts allowed inside the window; the next crash gives up. */
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  crashed(): CrashDecision {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < this.windowMs);
    this.crashes.push(t);
    return { restart: this.crashes.length <= this.maxRestarts, crashes: this.crashes.length };
  }

  /** Forget earlier crashes (after a deliberate restart by the user). */
  reset(): void {
    this.crashes = [];
  }
}
