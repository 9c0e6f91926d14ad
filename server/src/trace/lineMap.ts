// Maps lines of the traced version of a document to lines of the current version, kept up to date
// from incremental didChange edits. Lines whose text was touched map to nothing until the next run.
// All line numbers here are 0-based (LSP lines).

export interface LineEdit {
  /** Replaced range (0-based lines, inclusive start and end line of the range). */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

export class LineMap {
  /** For each current line, the traced line it shows (null: changed since the traced version). */
  private currentToTraced: (number | null)[];
  private tracedToCurrentCache: (number | null)[] | null = null;

  /** `tracedLines` is the source text that ran, split into lines. */
  constructor(private readonly tracedLines: readonly string[]) {
    this.currentToTraced = tracedLines.map((_, i) => i);
  }

  /** Apply one edit; `currentLines` is the document text after the edit, split into lines. */
  applyEdit(edit: LineEdit, currentLines: readonly string[]): void {
    this.tracedToCurrentCache = null;
    if (!edit.range) {
      this.rediff(currentLines);
      return;
    }
    const s = edit.range.start.line;
    const e = Math.min(edit.range.end.line, this.currentToTraced.length - 1);
    const added = countNewlines(edit.text);
    const firstOld = this.currentToTraced[s] ?? null;
    const lastOld = this.currentToTraced[Math.max(s, e)] ?? null;
    const replacement: (number | null)[] = new Array(added + 1).fill(null);
    // An edit that leaves a touched line's text as it was (Enter at the end or start of a line)
    // keeps that line's mapping.
    if (firstOld !== null && currentLines[s] === this.tracedLines[firstOld]) replacement[0] = firstOld;
    if ((added > 0 || replacement[0] === null) && lastOld !== null && lastOld !== replacement[0] &&
        currentLines[s + added] === this.tracedLines[lastOld]) {
      replacement[added] = lastOld;
    }
    this.currentToTraced.splice(s, Math.max(0, e - s + 1), ...replacement);
    this.resyncIfOutOfStep(currentLines);
  }

  /** The traced line shown at a current line, or null when that line changed (or is new). */
  toTraced(currentLine: number): number | null {
    return this.currentToTraced[currentLine] ?? null;
  }

  /** Where a traced line is now, or null when it was changed or deleted. */
  toCurrent(tracedLine: number): number | null {
    if (!this.tracedToCurrentCache) {
      const inverse: (number | null)[] = new Array(this.tracedLines.length).fill(null);
      this.currentToTraced.forEach((traced, current) => {
        if (traced !== null) inverse[traced] = current;
      });
      this.tracedToCurrentCache = inverse;
    }
    return this.tracedToCurrentCache[tracedLine] ?? null;
  }

  /** Full-text change: keep the common prefix and suffix, drop the middle. */
  private rediff(currentLines: readonly string[]): void {
    const old = this.tracedLines;
    const map: (number | null)[] = new Array(currentLines.length).fill(null);
    // Compare against the text each current line showed before the change is unknown for a full
    // replacement, so match against the traced text directly.
    let prefix = 0;
    while (prefix < currentLines.length && prefix < old.length && currentLines[prefix] === old[prefix]) {
      map[prefix] = prefix;
      prefix++;
    }
    let suffix = 0;
    while (suffix < currentLines.length - prefix && suffix < old.length - prefix &&
           currentLines[currentLines.length - 1 - suffix] === old[old.length - 1 - suffix]) {
      map[currentLines.length - 1 - suffix] = old.length - 1 - suffix;
      suffix++;
    }
    this.currentToTraced = map;
  }

  /** Safety net: when the map no longer has one entry per current line (a malformed edit), fall back to a diff. */
  private resyncIfOutOfStep(currentLines: readonly string[]): void {
    if (this.currentToTraced.length !== currentLines.length) this.rediff(currentLines);
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/** Split text into lines the way LSP counts them (\n, \r\n or \r). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
