// Compress an executed path (a sequence of line numbers) by folding repeated runs, so a loop shows
// as `(4 → 5)×3`. Greedy: at each position take the repetition that covers the most steps (the
// shortest unit on ties), then compress the unit itself (nested loops).

export type PathItem = number | { unit: PathItem[]; times: number };

/** Longest unit considered, and the most steps compressed (longer paths are cut with an ellipsis). */
export const MAX_UNIT = 64;
export const MAX_STEPS = 5000;

export function compressPath(lines: readonly number[]): PathItem[] {
  return compress(lines.slice(0, MAX_STEPS));
}

function compress(seq: readonly number[]): PathItem[] {
  const out: PathItem[] = [];
  let i = 0;
  while (i < seq.length) {
    let bestUnit = 0;
    let bestTimes = 1;
    const maxUnit = Math.min(MAX_UNIT, Math.floor((seq.length - i) / 2));
    for (let p = 1; p <= maxUnit; p++) {
      let times = 1;
      while (i + (times + 1) * p <= seq.length && sameRun(seq, i, i + times * p, p)) times++;
      if (times >= 2 && p * times > bestUnit * bestTimes) {
        bestUnit = p;
        bestTimes = times;
      }
    }
    if (bestTimes >= 2) {
      out.push({ unit: compress(seq.slice(i, i + bestUnit)), times: bestTimes });
      i += bestUnit * bestTimes;
    } else {
      out.push(seq[i]!);
      i++;
    }
  }
  return out;
}

function sameRun(seq: readonly number[], a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (seq[a + k] !== seq[b + k]) return false;
  return true;
}

/** `2 → 3 → (4 → 5)×3 → 7`; a one-line unit shows as `4×3`. */
export function formatPath(items: readonly PathItem[]): string {
  return items
    .map((item) => {
      if (typeof item === 'number') return String(item);
      const single = item.unit.length === 1 && typeof item.unit[0] === 'number';
      const inner = formatPath(item.unit);
      return `${single ? inner : `(${inner})`}×${item.times}`;
    })
    .join(' → ');
}

/** Compressed path text, cut at `maxChars` with an ellipsis; `truncated` adds a trailing `…`. */
export function pathSummary(lines: readonly number[], truncated = false, maxChars = 160): string {
  let text = formatPath(compressPath(lines));
  if (lines.length > MAX_STEPS) truncated = true;
  if (text.length > maxChars) {
    const cut = text.lastIndexOf(' → ', maxChars);
    text = text.slice(0, cut > 0 ? cut : maxChars);
    truncated = true;
  }
  return truncated ? `${text} → …` : text;
}
