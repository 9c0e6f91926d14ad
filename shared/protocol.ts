// The custom messages between the Runlens server and its clients, on top of LSP, each defined once
// with its parameter type. The server sends them with `client.notify(TraceFinished, params)`, the
// VS Code client listens with `client.onNotification(TraceFinished, handler)`; other clients use
// the method strings (`TraceFinished.method`). docs/protocol.md documents every item here; the
// commands are in commands.ts. Nothing here imports from server/ or client/.
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';
import type { RunStatus } from './runStatus';
import type { SandboxInfo } from './sandbox';

export type { RunStatus, SandboxInfo };

/** Server → client, once per run of a document version, when it starts (before the interpreter is resolved). */
export interface RunStartedParams {
  uri: string;
  version: number;
}
export const RunStarted = new NotificationType<RunStartedParams>('runlens/runStarted');

/**
 * Server → client, exactly once for every runlens/runStarted, whatever happened: the run finished,
 * was cancelled (`killed`, "Cancelled: …"), or could not be traced (`error`, the failure's message).
 */
export interface TraceFinishedParams {
  uri: string;
  version: number;
  status: RunStatus;
  durationMs: number;
  /** One line for a status bar: "Ran in 42 ms", "Stopped after 5 s at line 12", "Raised ValueError at line 9". */
  summary: string;
  /** Which protection the run had, when the tracer said (absent before it, and for runs that never started). */
  sandbox?: SandboxInfo;
}
export const TraceFinished = new NotificationType<TraceFinishedParams>('runlens/traceFinished');

/** The interpreter that runs documents, as the server resolved it. */
export interface PythonInfo {
  executable: string;
  version: string;
  /** How it was found: "runlens.pythonPath", "Python extension", "PATH", … */
  source: string;
}

/** Server → client, after `initialized` and whenever the server's view of the interpreter or run state changes. */
export interface ServerStateParams {
  /** ready: can run; paused: runs stopped by the user; untrusted: the client forbids running; noPython: no interpreter found. */
  state: 'ready' | 'paused' | 'untrusted' | 'noPython';
  python: PythonInfo | null;
  /** For noPython: what was tried. */
  message: string;
}
export const ServerState = new NotificationType<ServerStateParams>('runlens/serverState');

/** Client → server: the workspace's trust changed (only this notification or initializationOptions.trusted set trust; settings never do). */
export interface SetTrustedParams {
  trusted: boolean;
}
export const SetTrusted = new NotificationType<SetTrustedParams>('runlens/setTrusted');

/**
 * Client → server: are you there? Answered with null at once. The VS Code client asks every few
 * seconds, so that a server stopped by a signal (which answers nothing) is noticed and restarted.
 */
export const Ping = new RequestType0<null, void>('runlens/ping');

/** Server → client, when a user-requested prediction (predictCall, predictFile) is ready; the same object the command returns. */
export const Prediction = new NotificationType<CallPrediction | FilePrediction>('runlens/prediction');

/** Initialization options a client may send. */
export interface InitializationOptions {
  /** Settings (the `runlens` configuration section): the fallback for clients that do not answer workspace/configuration. */
  settings?: unknown;
  /** False when the workspace is not trusted: nothing runs. Defaults to true. */
  trusted?: boolean;
  /** An interpreter chosen by the client (e.g. the Python extension's), used when settings.pythonPath is empty. */
  pythonPath?: string;
  /** Where pythonPath came from, shown in the status item ("Python extension", "runlens.pythonPath"). */
  pythonPathSource?: string;
}

/** What the input box of Predict starts with: `Shop().add(n)`, with the arguments selected. */
export interface CallTemplate {
  text: string;
  /** Start and end offsets in `text` of the part to select (the arguments). */
  selection: [number, number];
}

/**
 * Where a predictCall landed. function: inside a function the last trace knows; module: at module
 * level; unknown: the server has no structure for that line (the file never ran, the line changed
 * since the last run, or the file did not parse), so it does not guess.
 */
export type PredictionTarget = 'function' | 'module' | 'unknown';

/** Result of predictCall (also sent as runlens/prediction with kind "call", when something ran). */
export interface CallPrediction {
  kind: 'call';
  uri: string;
  target: PredictionTarget;
  /** The function predicted, when known ("Shop.add" for a method). */
  function: string | null;
  /** The call expression that ran, e.g. "f(3)"; empty when none was given (needsCall). */
  call: string;
  /** No call was given and the function has no doctest example: ask for one (see callTemplate). */
  needsCall: boolean;
  /** With needsCall: a call of the function built from its parameters, to start the input from. */
  callTemplate: CallTemplate | null;
  status: RunStatus | null;
  /** repr of the return value. */
  returnValue: string | null;
  /** Printed output as a terminal shows it. */
  output: string;
  exception: { type: string; message: string; traceback: string } | null;
  /** The function's executed path, compressed: "2 → 3 → (4 → 5)×3 → 7". */
  path: string | null;
  /** One line: "f(3) → 6", "f(0) raised ZeroDivisionError: division by zero", or why nothing ran. */
  summary: string;
}

/** Result of predictFile (also sent as runlens/prediction with kind "file"), from the latest trace. */
export interface FilePrediction {
  kind: 'file';
  uri: string;
  /** Document version the trace was taken from; null when nothing has run yet. */
  version: number | null;
  status: RunStatus | null;
  output: string;
  summary: string;
}
