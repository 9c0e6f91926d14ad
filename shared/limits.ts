// The one table of run limits: what a user may set (with its default and bounds, mirrored in
// package.json and checked by test/unit/settings.test.ts) and the tracer's internal caps.
// Settings, the run layer, the CLI and the tracer's config all take their numbers from here.

export interface Bounded {
  default: number;
  min: number;
  max: number;
}

/** Limits a user sets (runlens.* settings, CLI flags). */
export const USER_LIMITS = {
  /** Time limit of one run; at most 10 minutes (Node timers overflow past 2^31-1 ms). */
  timeoutMs: { default: 5000, min: 100, max: 600_000 },
  memoryMb: { default: 1024, min: 64, max: 65_536 },
  maxOutputKb: { default: 1024, min: 1, max: 102_400 },
  /** How many first and last executions of each line keep their values. */
  samples: { default: 3, min: 1, max: 50 },
  debounceMs: { default: 300, min: 0, max: 10_000 },
} as const satisfies Record<string, Bounded>;

/** Caps inside the tracer: not settings, but sent with every run so the tracer has no defaults of its own. */
export const TRACER_CAPS = {
  /** Per line (and per function, for calls): executions counted before the line is only counted. */
  maxLineHits: 10_000,
  /** Values are rendered for a statement's first executions only; later ones read final values. */
  maxSampledHits: 200,
  /** settrace backend: line events before line tracing stops. */
  maxEvents: 100_000,
  maxPathLength: 10_000,
  maxReprLength: 120,
} as const;

/** How long after its own timeout the tracer gets to report before it is killed from outside. */
export const HARD_KILL_GRACE_MS = 1500;

/** A number clamped into a limit's bounds; the default when it is not a finite number. */
export function clampLimit(limit: Bounded, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return limit.default;
  return Math.min(limit.max, Math.max(limit.min, Math.round(value)));
}
