// Why the server went away, and whether a server that does not answer is stopped: the decisions
// and the words, with no `vscode` import (unit-tested in test/unit/serverHealth.test.ts). The
// client (client.ts) feeds them the server process's exit and the state /proc gives for it.

/** How the server process ended, as its ChildProcess reported it. */
export interface ServerExit {
  code: number | null;
  signal: string | null;
}

/** Why the connection to the server closed. */
export type ServerLoss =
  | { kind: 'exited'; exit: ServerExit | null }
  /** The liveness check found it stopped (SIGSTOP, SIGTSTP…) and the client killed it. */
  | { kind: 'stopped'; silentMs: number };

/** "killed by SIGKILL", "stopped (state T: SIGSTOP or similar) and silent for 10 s", "exited with code 1". */
export function describeLoss(loss: ServerLoss): string {
  if (loss.kind === 'stopped') {
    return `was stopped (SIGSTOP or a similar signal) and did not answer for ${Math.round(loss.silentMs / 1000)} s, so it was killed`;
  }
  const exit = loss.exit;
  if (exit?.signal) return `was killed by ${exit.signal}`;
  if (exit && exit.code !== null) return `exited with code ${exit.code}`;
  return 'stopped unexpectedly';
}

/** What the user is told when the server is restarted after it went away. */
export function restartedMessage(loss: ServerLoss): string {
  return `The Runlens server ${describeLoss(loss)}; restarted.`;
}

/** What the user is told when the crash budget is spent. */
export function gaveUpMessage(loss: ServerLoss, crashes: number): string {
  return `The Runlens server ${describeLoss(loss)}, for the ${ordinal(crashes)} time in 3 minutes; it was not restarted.`;
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** The state letter of a /proc/<pid>/stat line (R, S, D, T, t, Z…), or null when it cannot be read. */
export function processState(statLine: string | null): string | null {
  if (!statLine) return null;
  const close = statLine.lastIndexOf(')');
  const state = close >= 0 ? statLine.slice(close + 2, close + 3) : '';
  return /^[A-Za-z]$/.test(state) ? state : null;
}

/**
 * What an unanswered liveness check means, from the process's state: stopped by a signal (T) means
 * kill and restart; anything else means wait for the next check: a busy server, one paused in a
 * debugger (t, or S in Node's inspector), or one whose state is unknown (no /proc) is not killed.
 */
export type Verdict = 'alive' | 'stopped' | 'unresponsive';

export function verdict(answered: boolean, state: string | null): Verdict {
  if (answered) return 'alive';
  return state === 'T' ? 'stopped' : 'unresponsive';
}
