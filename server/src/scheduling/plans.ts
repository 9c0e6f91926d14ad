// What the server knows about a document turned into a RunPlan (server/src/run/plan.ts builds it):
// where the file is, where it runs, its limits from the settings. Every run the server starts (a
// document typed, saved or opened; Run Now; a prediction) is one of these plans.
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunlensSettings } from '../../../shared/settings';
import type { PythonInterpreter } from '../run/interpreter';
import { buildPlan, type RunPlan } from '../run/plan';
import type { TraceLimits } from '../trace/types';

export interface PlanInputs {
  uri: string;
  /** The document's current (unsaved) text. */
  source: string;
  settings: RunlensSettings;
  python: PythonInterpreter;
  /** Block destructive side effects (runs nobody asked for, predictions). */
  guard: boolean;
  /** Call mode: the expression to evaluate after importing the file; null runs it as a script. */
  call: string | null;
  stdin: string;
}

export function documentPlan(inputs: PlanInputs): RunPlan {
  const { settings } = inputs;
  const entry = documentPath(inputs.uri);
  return buildPlan({
    entry,
    text: inputs.source,
    call: inputs.call,
    cwd: runDirectory(entry, settings),
    argv: settings.args,
    stdin: inputs.stdin,
    env: settings.env,
    limits: traceLimits(settings),
    guard: inputs.guard,
    python: inputs.python,
  });
}

/** The file a document is: its path for file: URIs; an untitled buffer runs as if in the server's folder. */
export function documentPath(uri: string): string {
  try {
    if (uri.startsWith('file:')) return fileURLToPath(uri);
  } catch {
    // not a valid file URI
  }
  const name = basename(uri.replace(/[?#].*$/, ''));
  return join(process.cwd(), name && name !== '.' ? name : 'untitled.py');
}

/** runlens.cwd (relative to the file's folder), else the file's folder. */
export function runDirectory(path: string, settings: RunlensSettings): string {
  if (!settings.cwd) return dirname(path);
  return isAbsolute(settings.cwd) ? settings.cwd : join(dirname(path), settings.cwd);
}

/** The path of runlens.stdinFile (relative to the run's directory), or null when unset. */
export function stdinPath(path: string, settings: RunlensSettings): string | null {
  if (!settings.stdinFile) return null;
  return isAbsolute(settings.stdinFile) ? settings.stdinFile : join(runDirectory(path, settings), settings.stdinFile);
}

/** The limits a user sets; the run layer fills in the tracer's caps. */
export function traceLimits(settings: RunlensSettings): Partial<TraceLimits> {
  return {
    timeoutMs: settings.timeoutMs,
    memoryMb: settings.memoryMb,
    maxOutputBytes: settings.maxOutputKb * 1024,
    samples: settings.samples,
  };
}
