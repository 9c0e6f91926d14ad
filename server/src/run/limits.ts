import { clampLimit, TRACER_CAPS, USER_LIMITS } from '../../../shared/limits';
import type { TraceLimits } from '../trace/types';

const KB = 1024;

/**
 * Every limit of a run, resolved: the limits a user sets clamped into their bounds (a time limit
 * past 10 minutes would overflow Node's timers), the tracer's caps filled in. The tracer receives
 * all of them with every run and has no defaults of its own.
 */
export function resolveLimits(given: Partial<TraceLimits> = {}): TraceLimits {
  return {
    timeoutMs: clampLimit(USER_LIMITS.timeoutMs, given.timeoutMs),
    memoryMb: clampLimit(USER_LIMITS.memoryMb, given.memoryMb),
    maxOutputBytes: clampLimit(bytes(USER_LIMITS.maxOutputKb), given.maxOutputBytes),
    samples: clampLimit(USER_LIMITS.samples, given.samples),
    maxLineHits: cap(given.maxLineHits, TRACER_CAPS.maxLineHits),
    maxSampledHits: cap(given.maxSampledHits, TRACER_CAPS.maxSampledHits),
    maxEvents: cap(given.maxEvents, TRACER_CAPS.maxEvents),
    maxPathLength: cap(given.maxPathLength, TRACER_CAPS.maxPathLength),
    maxReprLength: cap(given.maxReprLength, TRACER_CAPS.maxReprLength),
  };
}

/** The limits of a run nobody configured: every default from shared/limits.ts. */
export const DEFAULT_LIMITS: TraceLimits = resolveLimits();

function bytes(kb: { default: number; min: number; max: number }) {
  return { default: kb.default * KB, min: kb.min * KB, max: kb.max * KB };
}

/** A cap is not a setting: a plan may lower or raise it (tests do), never make it zero or fractional. */
function cap(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}
