// Timers the server starts (the typing debounce, the delay before progress is shown) go through a
// Clock, so tests own every timer they wait on (test/unit/testServer.ts has a manual one).

export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Call `callback` once after `ms` milliseconds, unless cancelled. */
  after(ms: number, callback: () => void): Timer;
}

export const systemClock: Clock = {
  after(ms, callback) {
    const handle = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};
