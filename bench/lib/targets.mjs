// Issue 10's targets, each checked against a run's results: what was measured now, the target,
// and whether it is met (null: not measured in this run). Pure.
import { median, percentile, ratioRange, msRange, bytes } from './stats.mjs';

export const MAX_TRACE_BYTES = 256 * 1024;
export const HOVER_P95_MS = 16;

export const ratioOf = (row) => median(row.runlensMs) / median(row.plainMs);

/** Peer verdicts for one workload: Runlens faster than every other value recorder, and within 1.5× of coverage.py. */
export function peerVerdict(row) {
  const runlens = median(row.times.runlens);
  const snoop = median(row.times.snoop);
  const snoopCapped = row.capped.includes('snoop');
  const fastest = snoopCapped ? runlens < Math.max(...row.times.snoop) : runlens < snoop;
  const coverage = median(row.times.coverage);
  return { fastest, nearCoverage: runlens <= 1.5 * coverage, versusCoverage: runlens / coverage };
}

function row(measure, now, target, verdict) {
  return { measure, now, target, verdict };
}

const notMeasured = (measure, target) => row(measure, '–', target, null);

function endToEndRow(results, workload, measure, goal, minors) {
  const rows = results.endToEnd.filter((r) => r.workload === workload && (!minors || minors.includes(r.minor)));
  const target = `≤ ${goal}×`;
  if (rows.length === 0) return notMeasured(measure, target);
  const ratios = rows.map(ratioOf);
  return row(measure, ratioRange(ratios), target, ratios.every((r) => r <= goal));
}

/** The target rows, in the order, plus hover and the trace-size check. */
export function checkTargets(results) {
  const rows = [];
  const latency = results.latency;
  const newest = latency.filter((r) => r.minor >= 12);
  if (newest.length === 0) {
    rows.push(notMeasured('edit → hints, 50-line script, p50 (debounce 0), 3.12/3.13', '≤ 25 ms, and below plain `python FILE` on every version'));
  } else {
    const p50s = newest.map((r) => median(r.small.hintsMs));
    const belowPlain = latency.filter((r) => median(r.small.hintsMs) < median(r.small.plainMs)).length;
    rows.push(row(
      'edit → hints, 50-line script, p50 (debounce 0), 3.12/3.13',
      `${msRange(p50s)}; below plain on ${belowPlain} of ${latency.length} versions`,
      '≤ 25 ms, and below plain `python FILE` on every version',
      p50s.every((p) => p <= 25) && belowPlain === latency.length,
    ));
  }
  if (latency.length === 0) rows.push(notMeasured('edit → hints, 1,000-line script, p50', '≤ 40 ms'));
  else {
    const p50s = latency.map((r) => median(r.large.hintsMs));
    rows.push(row('edit → hints, 1,000-line script, p50', msRange(p50s), '≤ 40 ms', p50s.every((p) => p <= 40)));
  }
  rows.push(endToEndRow(results, 'fib', '`fib(25)`, end to end, 3.11–3.13', 3, [11, 12, 13]));
  rows.push(endToEndRow(results, 'oo', '200,000 method calls, end to end, 3.11–3.13', 3, [11, 12, 13]));
  const big = results.endToEnd.filter((r) => r.workload === 'lines10k');
  if (big.length === 0) rows.push(notMeasured('10,000-line file, end to end / trace size', '≤ 3× / ≤ 256 KB'));
  else {
    const ratios = big.map(ratioOf);
    const sizes = big.map((r) => r.traceBytes);
    rows.push(row(
      '10,000-line file, end to end / trace size',
      `${ratioRange(ratios)} / ${bytes(Math.max(...sizes))}`,
      '≤ 3× / ≤ 256 KB',
      ratios.every((r) => r <= 3) && sizes.every((s) => s <= MAX_TRACE_BYTES),
    ));
  }
  rows.push(endToEndRow(results, 'hot_loop', 'hot loop (10M iterations), end to end', 1.3));
  rows.push(endToEndRow(results, 'prints', '20,000 prints', 1.5));
  if (latency.length === 0) rows.push(notMeasured('server memory, 20 documents of 1,000 lines', '≤ 100 MB'));
  else {
    const rss = latency.map((r) => r.memory.rss);
    const mb = (b) => (b / 2 ** 20).toFixed(0);
    const range = mb(Math.min(...rss)) === mb(Math.max(...rss)) ? `${mb(Math.max(...rss))} MB` : `${mb(Math.min(...rss))}–${mb(Math.max(...rss))} MB`;
    rows.push(row('server memory, 20 documents of 1,000 lines', range, '≤ 100 MB', rss.every((b) => b <= 100 * 2 ** 20)));
  }
  if (!results.peers) rows.push(notMeasured('value-recording peers, every workload', 'fastest, and within 1.5× of coverage.py\'s line counting'));
  else {
    const verdicts = results.peers.rows.map(peerVerdict);
    const fastest = verdicts.filter((v) => v.fastest).length;
    const near = verdicts.filter((v) => v.nearCoverage).length;
    rows.push(row(
      'value-recording peers, every workload',
      `fastest on ${fastest} of ${verdicts.length}; within 1.5× of coverage.py on ${near} of ${verdicts.length}`,
      'fastest, and within 1.5× of coverage.py\'s line counting',
      fastest === verdicts.length && near === verdicts.length,
    ));
  }
  if (latency.length === 0) rows.push(notMeasured('hover p95 while another document runs', `≤ ${HOVER_P95_MS} ms`));
  else {
    const p95s = latency.map((r) => percentile(r.hover.duringMs, 95));
    rows.push(row('hover p95 while another document runs', msRange(p95s), `≤ ${HOVER_P95_MS} ms`, p95s.every((p) => p <= HOVER_P95_MS)));
  }
  const traced = [...results.endToEnd, ...results.scale];
  if (traced.length === 0) rows.push(notMeasured('every trace (end to end and scale runs)', '≤ 256 KB'));
  else {
    const over = traced.filter((r) => r.traceBytes > MAX_TRACE_BYTES);
    rows.push(row(
      'every trace (end to end and scale runs)',
      over.length === 0 ? `largest ${bytes(Math.max(...traced.map((r) => r.traceBytes)))}` : `${over.length} of ${traced.length} over, largest ${bytes(Math.max(...over.map((r) => r.traceBytes)))}`,
      '≤ 256 KB',
      over.length === 0,
    ));
  }
  return rows;
}
