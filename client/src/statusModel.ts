// What the language status item says, as a pure function of what the client knows.
// No `vscode` import (unit-tested in test/unit/statusModel.test.ts); status.ts renders it.
import { formatDuration } from '../../shared/duration';
import type { ServerStateParams, TraceFinishedParams } from '../../shared/protocol';
import { protectionText } from '../../shared/sandbox';
import type { RunOn } from '../../shared/settings';

export type ClientPhase = 'starting' | 'running' | 'stopped' | 'crashed';

export interface DocumentRunState {
  /** Version of the run in progress, if any. */
  running: number | null;
  last: TraceFinishedParams | null;
}

export interface StatusInputs {
  phase: ClientPhase;
  /** vscode.workspace.isTrusted. */
  trusted: boolean;
  server: ServerStateParams | null;
  /** The active Python document's run state (null: no Python editor or never run). */
  document: DocumentRunState | null;
  /** The active document's uri, passed to the button's command. */
  uri: string | null;
  runOn: RunOn;
  /** What the client handed the server, for the tooltip when the server has not said yet. */
  clientInterpreter: string;
}

export type StatusSeverity = 'info' | 'warning' | 'error';

export interface StatusView {
  text: string;
  detail: string;
  severity: StatusSeverity;
  busy: boolean;
  command: { title: string; command: string; arguments?: unknown[]; tooltip?: string } | null;
}

export const OPEN_SETTINGS_COMMAND = 'workbench.action.openSettings';
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

export function statusView(input: StatusInputs): StatusView {
  const detail = interpreterDetail(input);
  const show = (title: string, command: string, args?: unknown[]) =>
    ({ title, command, ...(args ? { arguments: args } : {}) }) as StatusView['command'];

  if (!input.trusted || input.server?.state === 'untrusted') {
    return {
      text: 'Runlens: not running (untrusted workspace)',
      detail: 'Runlens runs your code, so it waits until you trust this workspace.',
      severity: 'warning',
      busy: false,
      command: show('Manage Workspace Trust', MANAGE_TRUST_COMMAND),
    };
  }
  if (input.phase === 'crashed') {
    return {
      text: 'Runlens: server stopped',
      detail: 'The Runlens server crashed repeatedly; see Runlens: Show Logs.',
      severity: 'error',
      busy: false,
      command: show('Restart Server', 'runlens.restartServer'),
    };
  }
  if (input.phase === 'stopped') {
    return { text: 'Runlens: stopped', detail, severity: 'warning', busy: false, command: show('Restart Server', 'runlens.restartServer') };
  }
  if (input.phase === 'starting') {
    return { text: 'Runlens: starting…', detail, severity: 'info', busy: true, command: null };
  }
  if (input.server?.state === 'noPython') {
    return {
      text: 'Runlens: no Python found',
      detail: input.server.message || 'No Python 3.8+ interpreter was found.',
      severity: 'error',
      busy: false,
      command: show('Set Python Path', OPEN_SETTINGS_COMMAND, ['runlens.pythonPath']),
    };
  }
  if (input.server?.state === 'paused') {
    return { text: 'Runlens: paused', detail, severity: 'info', busy: false, command: show('Resume', 'runlens.resume') };
  }
  const doc = input.document;
  const uriArgs = input.uri ? [input.uri] : undefined;
  if (doc && doc.running !== null) {
    return { text: 'Runlens: running…', detail, severity: 'info', busy: true, command: show('Pause', 'runlens.pause') };
  }
  if (doc?.last) {
    return {
      text: `Runlens: ${finishedText(doc.last)}`,
      detail: doc.last.sandbox ? `${detail} · last run ${protectionText(doc.last.sandbox)}` : detail,
      severity: finishedSeverity(doc.last),
      busy: false,
      command: show('Show Output', 'runlens.showOutput', uriArgs),
    };
  }
  const waiting = input.runOn === 'manual' ? 'run it with Runlens: Run Now' : input.runOn === 'save' ? 'runs on save' : 'ready';
  return { text: `Runlens: ${waiting}`, detail, severity: 'info', busy: false, command: show('Run Now', 'runlens.runNow', uriArgs) };
}

/** "finished in 42 ms", "raised ValueError at line 9", "timed out at line 12"… */
export function finishedText(done: TraceFinishedParams): string {
  const summary = lowerFirst(done.summary.trim().replace(/\.$/, ''));
  if (done.status === 'ok') return `finished in ${formatDuration(done.durationMs)}`;
  if (summary) return summary;
  switch (done.status) {
    case 'exception': return 'raised an exception';
    case 'exit': return `exited after ${formatDuration(done.durationMs)}`;
    case 'timeout': return 'timed out';
    case 'memory': return 'stopped at the memory limit';
    case 'syntax-error': return 'syntax error';
    case 'error': return 'could not be traced';
    case 'killed': return 'stopped';
  }
}

export function finishedSeverity(done: TraceFinishedParams): StatusSeverity {
  // A program raising is information about the program; a limit stopping it is worth a warning.
  return done.status === 'timeout' || done.status === 'memory' || done.status === 'killed' || done.status === 'error' ? 'warning' : 'info';
}

function interpreterDetail(input: StatusInputs): string {
  const python = input.server?.python;
  if (python) return `Python ${python.version} · ${python.executable} (from ${python.source})`;
  return `Interpreter: ${input.clientInterpreter}`;
}

function lowerFirst(text: string): string {
  // "Raised ValueError at line 9" → "raised ValueError at line 9", but keep "ValueError …" as it is.
  const word = /^[A-Z][a-z]+\b/.exec(text)?.[0];
  return word && word !== 'Python' ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Fold a notification into a document's run state; stale results (older versions) never win. */
export function onRunStarted(state: DocumentRunState | undefined, version: number): DocumentRunState {
  return { running: Math.max(version, state?.running ?? -Infinity), last: state?.last ?? null };
}

export function onTraceFinished(state: DocumentRunState | undefined, done: TraceFinishedParams): DocumentRunState {
  const last = state?.last && state.last.version > done.version ? state.last : done;
  const running = state?.running != null && state.running > done.version ? state.running : null;
  return { running, last };
}
