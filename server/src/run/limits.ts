import type { TraceLimits } from '../trace/types';

/**
 * Every limit of a run, in one place. The tracer receives all of them with each run; the Node
 * side adds only its hard-kill grace on top of the tracer's own timeout.
 */
export const DEFAULT_LIMITS: TraceLimits = {
  timeoutMs: 5000,
  memoryMb: 1024,
  maxOutputBytes: 1024 * 1024,
  samples: 3,
  maxLineHits: 10_000,
  maxSampledHits: 200,
  maxEvents: 100_000,
  maxPathLength: 10_000,
  maxReprLength: 120,
};

/** How long after its own timeout the tracer gets to report before it is killed from outside. */
export const HARD_KILL_GRACE_MS = 1500;

export function withDefaults(limits: Partial<TraceLimits>): TraceLimits {
  const merged = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof TraceLimits)[]) {
    const value = limits[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) merged[key] = value;
  }
  return merged;
}
