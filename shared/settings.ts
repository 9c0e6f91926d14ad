// The one list of Runlens settings and their defaults. package.json's
// contributes.configuration must match it (checked by test/unit/settings.test.ts).

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

export const DEFAULT_SETTINGS: RunlensSettings = {
  pythonPath: '',
  runOn: 'type',
  debounceMs: 300,
  timeoutMs: 5000,
  memoryMb: 1024,
  maxOutputKb: 1024,
  samples: 3,
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

/** Settings that run code or choose what runs: restricted in untrusted workspaces, and a change restarts the server. */
export const RESTRICTED_SETTINGS = ['pythonPath', 'cwd', 'env', 'stdinFile'] as const;

/** Merge a partial (possibly malformed) settings object from a client over the defaults. */
export function resolveSettings(raw: unknown): RunlensSettings {
  const given = isRecord(raw) ? raw : {};
  const pick = <K extends keyof RunlensSettings>(key: K, valid: (v: unknown) => boolean): RunlensSettings[K] =>
    valid(given[key]) ? (given[key] as RunlensSettings[K]) : DEFAULT_SETTINGS[key];
  const section = <K extends 'inlayHints' | 'codeLens' | 'hover' | 'diagnostics'>(key: K): RunlensSettings[K] => {
    const value = isRecord(given[key]) ? (given[key] as Record<string, unknown>) : {};
    const defaults = DEFAULT_SETTINGS[key] as unknown as Record<string, boolean>;
    const merged: Record<string, boolean> = {};
    for (const name of Object.keys(defaults)) merged[name] = typeof value[name] === 'boolean' ? (value[name] as boolean) : defaults[name]!;
    return merged as unknown as RunlensSettings[K];
  };
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  return {
    pythonPath: pick('pythonPath', isString),
    runOn: pick('runOn', (v) => v === 'type' || v === 'save' || v === 'manual'),
    debounceMs: pick('debounceMs', (v) => typeof v === 'number' && v >= 0),
    timeoutMs: pick('timeoutMs', positive),
    memoryMb: pick('memoryMb', positive),
    maxOutputKb: pick('maxOutputKb', positive),
    samples: pick('samples', positive),
    cwd: pick('cwd', isString),
    env: pick('env', (v) => isRecord(v) && Object.values(v).every(isString)),
    args: pick('args', (v) => Array.isArray(v) && v.every(isString)),
    stdinFile: pick('stdinFile', isString),
    guardSideEffects: pick('guardSideEffects', (v) => typeof v === 'boolean'),
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
