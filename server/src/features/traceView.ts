// What every feature works from: the latest finished trace of a document, and where its lines are now.
import type { RunlensSettings } from '../../../shared/settings';
import type { LineMap } from '../trace/lineMap';
import type { TraceIndex } from '../trace/traceIndex';

export interface TraceView {
  uri: string;
  index: TraceIndex;
  map: LineMap;
  settings: RunlensSettings;
  /** Current text of the document, split into lines. */
  currentLines: readonly string[];
}

/** Current 0-based line of a traced 1-based line, or null when it changed since the run. */
export function toCurrent(view: TraceView, tracedLine: number): number | null {
  return view.map.toCurrent(tracedLine - 1);
}

/** Traced 1-based line shown at a current 0-based line, or null when that line changed. */
export function toTraced(view: TraceView, currentLine: number): number | null {
  const traced = view.map.toTraced(currentLine);
  return traced === null ? null : traced + 1;
}

/** Current 0-based position of a traced span, only when every line of it is unchanged and in place. */
export function spanToCurrent(view: TraceView, line: number, endLine: number): { line: number; endLine: number } | null {
  const start = toCurrent(view, line);
  if (start === null) return null;
  for (let l = line + 1; l <= endLine; l++) {
    if (toCurrent(view, l) !== start + (l - line)) return null;
  }
  return { line: start, endLine: start + (endLine - line) };
}

/** The 1-based line number to show for a traced line (its current position, else as traced). */
export function displayLine(view: TraceView, tracedLine: number): number {
  const current = toCurrent(view, tracedLine);
  return current === null ? tracedLine : current + 1;
}
