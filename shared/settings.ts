// The one list of Runlens settings, their defaults and bounds. Numbers come from the limits table
// (shared/limits.ts) and are clamped into its bounds; package.json's contributes.configuration must
// match (checked by test/unit/settings.test.ts). The server applies every setting at the next run
// (it pulls them with workspace/configuration on each change); only a change of the interpreter the
// client chose restarts it (client/src/extension.ts).
import { clampLimit, USER_LIMITS } from './limits';

export type RunOn = 'type' | 'save' | 'manual';

export interface RunlensSettings {
  /** Interpreter to run the file with; empty: the Python extension's choice, then python3/python on PATH. */
  pythonPath: string;
  runOn: RunOn;
  debounceMs: number;
  timeoutMs: number;
  memoryMb: number;
  maxOutputKb: number;
  /** How many first and last executions of each line keep their values. */
  samples: number;
  /** Working directory for runs; empty: the file's folder. */
  cwd: string;
  /** Extra environment variables for the program. */
  env: Record<string, string>;
  /** Command-line arguments (sys.argv[1:]). */
  args: string[];
  /** A file whose contents become the program's stdin; empty: stdin is empty. */
  stdinFile: string;
  /** Runs started by typing, opening or saving block destructive side effects. */
  guardSideEffects: boolean;
  inlayHints: {
    values: boolean;
    loops: boolean;
    returns: boolean;
    exceptions: boolean;
  };
  codeLens: { enabled: boolean };
  hover: { enabled: boolean };
  diagnostics: { enabled: boolean };
}

/** The numeric settings: each is a user limit of shared/limits.ts, with its default and bounds. */
export const NUMERIC_SETTINGS = ['debounceMs', 'timeoutMs', 'memoryMb', 'maxOutputKb', 'samples'] as const satisfies readonly (keyof typeof USER_LIMITS & keyof RunlensSettings)[];

export const DEFAULT_SETTINGS: RunlensSettings = {
  pythonPath: '',
  runOn: 'type',
  debounceMs: USER_LIMITS.debounceMs.default,
  timeoutMs: USER_LIMITS.timeoutMs.default,
  memoryMb: USER_LIMITS.memoryMb.default,
  maxOutputKb: USER_LIMITS.maxOutputKb.default,
  samples: USER_LIMITS.samples.default,
  cwd: '',
  env: {},
  args: [],
  stdinFile: '',
  guardSideEffects: true,
  inlayHints: { values: true, loops: true, returns: true, exceptions: true },
  codeLens: { enabled: true },
  hover: { enabled: true },
  diagnostics: { enabled: true },
};

/** Settings that run code or choose what runs: ignored in untrusted workspaces (package.json restrictedConfigurations). */
export const RESTRICTED_SETTINGS = ['pythonPath', 'cwd', 'env', 'stdinFile'] as const;

type Section = 'inlayHints' | 'codeLens' | 'hover' | 'diagnostics';

/**
 * Settings from a (possibly partial or malformed) object a client sent, over `base`: a missing or
 * malformed value keeps the base's, a number out of bounds is clamped into them.
 */
export function resolveSettings(raw: unknown, base: RunlensSettings = DEFAULT_SETTINGS): RunlensSettings {
  const given = isRecord(raw) ? raw : {};
  const pick = <K extends keyof RunlensSettings>(key: K, valid: (v: unknown) => v is RunlensSettings[K]): RunlensSettings[K] => {
    const value = given[key];
    return valid(value) ? value : base[key];
  };
  const number = (key: (typeof NUMERIC_SETTINGS)[number]): number => {
    const value = given[key];
    return typeof value === 'number' && Number.isFinite(value) ? clampLimit(USER_LIMITS[key], value) : base[key];
  };
  const section = <K extends Section>(key: K): RunlensSettings[K] => {
    const value = isRecord(given[key]) ? given[key] : {};
    const merged = { ...base[key] };
    for (const name of Object.keys(merged) as (keyof RunlensSettings[K])[]) {
      const v = value[name as string];
      if (typeof v === 'boolean') merged[name] = v as RunlensSettings[K][typeof name];
    }
    return merged;
  };
  return {
    pythonPath: pick('pythonPath', isString),
    runOn: pick('runOn', (v): v is RunOn => v === 'type' || v === 'save' || v === 'manual'),
    debounceMs: number('debounceMs'),
    timeoutMs: number('timeoutMs'),
    memoryMb: number('memoryMb'),
    maxOutputKb: number('maxOutputKb'),
    samples: number('samples'),
    cwd: pick('cwd', isString),
    env: pick('env', (v): v is Record<string, string> => isRecord(v) && Object.values(v).every(isString)),
    args: pick('args', (v): v is string[] => Array.isArray(v) && v.every(isString)),
    stdinFile: pick('stdinFile', isString),
    guardSideEffects: pick('guardSideEffects', (v): v is boolean => typeof v === 'boolean'),
    inlayHints: section('inlayHints'),
    codeLens: section('codeLens'),
    hover: section('hover'),
    diagnostics: section('diagnostics'),
  };
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
