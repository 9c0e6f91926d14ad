// Summaries of repeated measurements and how they are printed. Pure.

export function sorted(values) {
  return [...values].sort((a, b) => a - b);
}

/** The median (the lower middle value of an even count, a value that was measured). */
export function median(values) {
  if (values.length === 0) return NaN;
  const s = sorted(values);
  return s[Math.floor((s.length - 1) / 2)];
}

/** Nearest-rank percentile: the smallest measured value with at least p % of the values at or below it. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function min(values) {
  return values.length === 0 ? NaN : Math.min(...values);
}

export function max(values) {
  return values.length === 0 ? NaN : Math.max(...values);
}

/** "123" for milliseconds (one decimal below 10 ms). */
export function ms(value) {
  if (!Number.isFinite(value)) return '–';
  return value < 10 ? value.toFixed(1) : value.toFixed(0);
}

/** "123 (118–140)": the median and the range of the measurements. */
export function msSpread(values) {
  if (values.length === 0) return '–';
  if (values.length === 1) return ms(values[0]);
  return `${ms(median(values))} (${ms(min(values))}–${ms(max(values))})`;
}

/** "1.23×" */
export function ratio(value) {
  if (!Number.isFinite(value)) return '–';
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}

/** "12.3 KB", "1.4 MB" */
export function bytes(value) {
  if (!Number.isFinite(value)) return '–';
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KB`;
  return `${(value / 1024 / 1024).toFixed(1)} MB`;
}

/** "10³", "10⁸" for powers of ten, else the number with thousands separators. */
export function count(value) {
  const exponent = Math.log10(value);
  if (Number.isInteger(exponent) && exponent >= 3) {
    const superscript = String(exponent).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]);
    return `10${superscript}`;
  }
  return value.toLocaleString('en');
}

/** "1.1–14.9×" over several ratios (one value when they agree to the shown precision). */
export function ratioRange(values) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '–';
  const low = ratio(Math.min(...finite));
  const high = ratio(Math.max(...finite));
  return low === high ? low : `${low.slice(0, -1)}–${high}`;
}

/** "46–56 ms" over several millisecond values. */
export function msRange(values) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '–';
  const low = ms(Math.min(...finite));
  const high = ms(Math.max(...finite));
  return low === high ? `${low} ms` : `${low}–${high} ms`;
}
