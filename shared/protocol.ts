// Custom protocol between the Runlens server and its clients, on top of LSP.
// docs/protocol.md documents every item here.
import type { RunStatus } from '../server/src/trace/types';

/** Server → client, when a run of a document version finished (or was abandoned). */
export const TRACE_FINISHED = 'runlens/traceFinished';
export interface TraceFinishedParams {
  uri: string;
  version: number;
  status: RunStatus;
  durationMs: number;
  /** One line for a status bar: "Ran in 42 ms", "Stopped after 5 s at line 12", "Raised ValueError at line 9". */
  summary: string;
}

/** Server → client, when a run starts. */
export const RUN_STARTED = 'runlens/runStarted';
export interface RunStartedParams {
  uri: string;
  version: number;
}

/** Server → client, whenever the server's view of the interpreter or run state changes. */
export const SERVER_STATE = 'runlens/serverState';
export interface ServerStateParams {
  /** ready: can run; paused: runs stopped by the user; untrusted: the client forbids running; noPython: no interpreter found. */
  state: 'ready' | 'paused' | 'untrusted' | 'noPython';
  python: { executable: string; version: string; source: string } | null;
  /** For noPython: what was tried. */
  message: string;
}

/** Server commands (workspace/executeCommand), usable from any LSP client. */
export const COMMANDS = {
  runNow: 'runlens.runNow',
  pause: 'runlens.pause',
  resume: 'runlens.resume',
  showOutput: 'runlens.showOutput',
  showTrace: 'runlens.showTrace',
  predictCall: 'runlens.predictCall',
  predictFile: 'runlens.predictFile',
  insertPrediction: 'runlens.insertPrediction',
} as const;

/** Initialization options a client may send. */
export interface InitializationOptions {
  /** Settings (same shape as the `runlens` configuration section). */
  settings?: unknown;
  /** False when the workspace is not trusted: nothing runs. Defaults to true. */
  trusted?: boolean;
  /** An interpreter chosen by the client (e.g. the Python extension's), used when settings.pythonPath is empty. */
  pythonPath?: string;
  /** Where pythonPath came from, shown in the status item ("Python extension", "runlens.pythonPath"). */
  pythonPathSource?: string;
}

/** Client → server: the workspace's trust changed (only this notification or initializationOptions.trusted set trust; settings never do). */
export const SET_TRUSTED = 'runlens/setTrusted';
export interface SetTrustedParams {
  trusted: boolean;
}

/** Server → client, when a user-requested prediction (predictCall, predictFile) is ready; the same object executeCommand returns. */
export const PREDICTION = 'runlens/prediction';

/** Arguments of runNow, showOutput, showTrace, predictFile: `[{ uri }]`. */
export interface DocumentCommandArgs {
  uri: string;
}

/**
 * Arguments of predictCall: `[{ uri, line, call? }]`. `line` (0-based) is any line of the function
 * (its def line from lenses). Without `call` the server uses the function's first doctest example
 * (`>>> f(3)`); when there is none the result has `needsCall: true` (VS Code asks with an input box
 * and sends the command again with `call`).
 */
export interface PredictCallArgs {
  uri: string;
  line: number;
  call?: string;
}

/** Arguments of insertPrediction: `[{ uri, line }]` (0-based line of a `>>> call` or a bare expression statement). */
export interface InsertPredictionArgs {
  uri: string;
  line: number;
}

/** Result of predictCall (also sent as runlens/prediction with kind "call"). */
export interface CallPrediction {
  kind: 'call';
  uri: string;
  /** The function predicted, when known. */
  function: string | null;
  /** The call expression that ran, e.g. "f(3)"; empty when none was given (needsCall). */
  call: string;
  needsCall: boolean;
  status: RunStatus | null;
  /** repr of the return value. */
  returnValue: string | null;
  /** Printed output as a terminal shows it. */
  output: string;
  exception: { type: string; message: string; traceback: string } | null;
  /** The function's executed path, compressed: "2 → 3 → (4 → 5)×3 → 7". */
  path: string | null;
  /** One line: "f(3) → 6", "f(0) raised ZeroDivisionError: division by zero". */
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

/** Result of insertPrediction. */
export interface InsertPredictionResult {
  applied: boolean;
  value: string | null;
  message: string;
}
