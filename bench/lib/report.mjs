// The benchmark's report: Markdown tables from a run's results, docs/benchmarks.md, and the
// README's Performance section. Pure but for `writeReport`.
import { readFileSync, writeFileSync } from 'node:fs';
import { PEERS } from './peers.mjs';
import { bytes, count, max, median, ms, msSpread, percentile, ratio } from './stats.mjs';
import { checkTargets, HOVER_P95_MS, MAX_TRACE_BYTES, peerVerdict, ratioOf } from './targets.mjs';

const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** A paragraph wrapped at `width` columns (words are never split). */
export function prose(text, width = 100) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** The ratio of a plain/Runlens row; "> 12.3×" when the traced run was stopped by its time limit. */
export function ratioCell(row) {
  return `${row.status === 'timeout' ? '> ' : ''}${ratio(ratioOf(row))}`;
}

export function mark(verdict) {
  if (verdict === null || verdict === undefined) return '';
  return verdict ? '✓' : '✗';
}

/** A Markdown table; cells may not contain `|` unescaped (they are escaped here). */
export function table(header, rows) {
  const cell = (value) => String(value).replace(/\|/g, '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function targetsTable(results) {
  return table(['measure', 'now', 'target', ''], checkTargets(results).map((t) => [t.measure, t.now, t.target, mark(t.verdict)]));
}

function header(results) {
  const { meta } = results;
  const sections = Object.entries(meta.sectionMinutes ?? {}).map(([name, minutes]) => `${name} ${minutes.toFixed(1)}`).join(', ');
  return [
    prose(`Measured ${meta.date} on ${meta.machine}, ${meta.quick ? 'a quick run (`--quick`)' : 'a full run'} that took ` +
      `${(meta.durationS / 60).toFixed(1)} min${sections ? ` (${sections} min)` : ''}.`),
    '',
    prose(`Python: ${meta.pythons.join(', ')} (pyenv)${meta.systemPython ? `; peers on Debian's ${meta.systemPython.version} ` +
      `(\`/usr/bin/python3\`, coverage.py ${meta.systemPython.coverage})` : ''}.`),
    '',
    prose(`Load average (1, 5, 15 min): ${meta.loadStart} at the start, ${meta.loadEnd} at the end, at most ${meta.loadPeak} (1 min) ` +
      'when a section started.' + (meta.shared ? ' **The machine was shared with other work while measuring** (other helpers running ' +
      'tests on its 2 cores), so absolute times are inflated and noisy; the ratios of interleaved runs hold up better.' : '')),
    '',
    prose('Node is started without `NODE_EXTRA_CA_CERTS` for the CLI and the server (this machine sets it; users do not): ' +
      `\`node -e 0\` took ${ms(meta.nodeStartupMs.clean)} ms at the start of the run` +
      (meta.nodeStartupMs.withCerts === null ? '.' : `, ${ms(meta.nodeStartupMs.withCerts)} ms with it.`)),
  ].join('\n');
}

function latencySection(results) {
  if (results.latency.length === 0) return null;
  const rows = results.latency.map((r) => {
    const smallP50 = median(r.small.hintsMs);
    const smallOk = (r.minor < 12 || smallP50 <= 25) && smallP50 < median(r.small.plainMs);
    const largeP50 = median(r.large.hintsMs);
    return [
      r.python,
      ms(smallP50), ms(percentile(r.small.hintsMs, 95)), ms(median(r.small.plainMs)), mark(smallOk),
      ms(largeP50), ms(percentile(r.large.hintsMs, 95)), ms(median(r.large.plainMs)), mark(largeP50 <= 40),
    ];
  });
  const edits = results.latency[0].small.hintsMs.length;
  return [
    '## Edit → hints, through the server',
    '',
    prose('`node dist/server.js --stdio` is started as an editor starts it, with `runlens.debounceMs` 0 and the interpreter as ' +
      "`runlens.pythonPath`. Each edit rewrites the script's last line (`edit_count = N`) with `didChange`; the time runs from sending " +
      'it until `runlens/traceFinished` for that version has come and `textDocument/inlayHint` has answered (with a hint on the edited ' +
      `line). ${plural(edits, 'edit')} per script, after 2 not counted; after each edit, plain \`python FILE\` runs once (interleaved). The 50-line ` +
      'script is `bench/workloads/everyday.py` (52 lines with the edited one); the 1,000-line one is generated (`generatedScript` in ' +
      '`bench/lib/workloads.mjs`). Milliseconds; targets: p50 ≤ 25 ms on 3.12+ and below plain on every version (50 lines), p50 ≤ 40 ms (1,000 lines).'),
    '',
    table(['Python', '50 lines p50', 'p95', 'plain p50', 'target', '1,000 lines p50', 'p95', 'plain p50', 'target'], rows),
  ].join('\n');
}

function hoverAndMemorySection(results) {
  if (results.latency.length === 0) return null;
  const hover = results.latency.map((r) => [
    r.python, r.hover.duringMs.length, ms(median(r.hover.duringMs)), ms(percentile(r.hover.duringMs, 95)), ms(max(r.hover.duringMs)),
    ms(median(r.hover.idleMs)), ms(percentile(r.hover.idleMs, 95)), mark(percentile(r.hover.duringMs, 95) <= HOVER_P95_MS),
  ]);
  const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const memory = results.latency.map((r) => [r.python, mb(r.memory.beforeRss), mb(r.memory.rss), mb(r.memory.peakRss), mark(r.memory.rss <= 100 * 2 ** 20)]);
  return [
    '## Hover while another document runs',
    '',
    prose('On the same server: one document has run; a second one runs a 3 s loop (`busyScript` in `bench/lib/workloads.mjs`). From ' +
      'its `runlens/runStarted` until its `runlens/traceFinished`, a hover on a traced line of the first document every 20 ms; only ' +
      'hovers answered while the run was in progress count. Then as many hovers with nothing running ("idle"). Milliseconds; target: ' +
      `p95 ≤ ${HOVER_P95_MS} ms (one frame at 60 Hz; the issue found ~1 ms and asks to keep it).`),
    '',
    table(['Python', 'hovers', 'p50', 'p95', 'max', 'idle p50', 'idle p95', `p95 ≤ ${HOVER_P95_MS} ms`], hover),
    '',
    '## Server memory',
    '',
    prose("A fresh server opens 20 generated documents of 1,000 lines at once, waits for each one's `runlens/traceFinished` and asks " +
      "for its inlay hints, then reads the server process's resident set size (`VmRSS` in `/proc/PID/status`; peak: `VmHWM`). The " +
      'Python processes have ended by then and are not counted.'),
    '',
    table(['Python', 'RSS before any document', 'RSS after 20 documents', 'peak RSS', '≤ 100 MB'], memory),
  ].join('\n');
}

function startupTable(results) {
  if (results.startup.length === 0) return null;
  return [
    prose("Each interpreter's own start-up, `python -c pass` against `python -S -c pass` (no site-packages), interleaved: what " +
      "site-packages (and the .pth files in it) cost at every start. Plain and Runlens both pay it, so where it is large the version's " +
      'ratios look better than on an interpreter without it. Milliseconds:'),
    '',
    table(['Python', 'python -c pass', 'python -S -c pass', 'site-packages cost'], results.startup.map((r) => [
      r.python, msSpread(r.withSiteMs), msSpread(r.withoutSiteMs), ms(median(r.withSiteMs) - median(r.withoutSiteMs)),
    ])),
  ].join('\n');
}

function endToEndSection(results) {
  if (results.endToEnd.length === 0) return null;
  const versions = [...new Set(results.endToEnd.map((r) => r.python))];
  const workloads = [...new Map(results.endToEnd.map((r) => [r.workload, r.label])).entries()];
  const find = (workload, python) => results.endToEnd.find((r) => r.workload === workload && r.python === python);
  const matrix = workloads.map(([id, label]) => [label, ...versions.map((v) => {
    const r = find(id, v);
    return r ? `${ratioCell(r)}${r.traceBytes > MAX_TRACE_BYTES ? ' ⚠' : ''}` : '–';
  })]);
  const detail = results.endToEnd.map((r) => [
    r.label, r.python, msSpread(r.plainMs), msSpread(r.runlensMs), ratioCell(r), bytes(r.traceBytes), r.status, endToEndGoal(r),
  ]);
  const runs = results.endToEnd[0].plainMs.length;
  return [
    '## End to end (CLI)',
    '',
    prose('Wall time of `python FILE` and of `node dist/cli.js FILE --json --python PYTHON` (Node start-up, the tracer and the JSON ' +
      `trace included), ${plural(runs, 'interleaved pair')} after a warm-up run (of plain Python before each workload, of Runlens before ` +
      'the first); the ratio is of the medians. Each process writes its ' +
      'output to a file (the cheapest sink, the same for both). The trace size is the JSON the CLI printed. The workloads are in ' +
      '`bench/workloads/`; the 10,000-line file is generated. Ratios (⚠: trace over 256 KB):'),
    '',
    table(['workload', ...versions], matrix),
    '',
    "Median (min–max) milliseconds, trace size, the run's status and the target:",
    '',
    table(['workload', 'Python', 'plain ms', 'runlens ms', 'ratio', 'trace', 'status', 'target'], detail),
    '',
    startupTable(results),
  ].filter((part) => part !== null).join('\n');
}

/** The target of one end-to-end row, with its mark ('' when the issue sets none for it). */
export function endToEndGoal(r) {
  const goals = { fib: [3, [11, 12, 13]], oo: [3, [11, 12, 13]], lines10k: [3, null], hot_loop: [1.3, null], prints: [1.5, null] };
  const parts = [];
  const goal = goals[r.workload];
  if (goal && (!goal[1] || goal[1].includes(r.minor))) parts.push(`≤ ${goal[0]}× ${mark(ratioOf(r) <= goal[0])}`);
  if (r.traceBytes > MAX_TRACE_BYTES) parts.push('trace > 256 KB ✗');
  return parts.join(', ');
}

function peerCell(row, tool) {
  const times = row.times[tool];
  if (times.length === 0) return '–';
  const plain = median(row.times.plain);
  if (row.capped.includes(tool)) return `> ${ratio(max(times) / plain)} (stopped at ${(max(times) / 1000).toFixed(0)} s)`;
  return `${ratio(median(times) / plain)} (${ms(median(times))})`;
}

function peersSection(results) {
  if (!results.peers) return null;
  const { peers } = results;
  const rows = peers.rows.map((r) => {
    const verdict = peerVerdict(r);
    return [
      r.label, ms(median(r.times.plain)), peerCell(r, 'runlens'), ...PEERS.map((p) => peerCell(r, p.id)),
      mark(verdict.fastest), `${ratio(verdict.versusCoverage)} ${mark(verdict.nearCoverage)}`,
    ];
  });
  const runs = peers.rows[0].times.plain.length;
  const fewer = Math.min(runs, peers.fewerRuns ?? runs);
  const others = PEERS.filter((p) => !p.everyRound).map((p) => p.label.replace(/ \(.*\)$/, '')).join(' and ');
  return [
    `## Peers (Debian's Python ${peers.python})`,
    '',
    prose(`Every end-to-end workload under each tool, on \`/usr/bin/python3\` ${peers.python}, the interpreter Debian's ` +
      `\`python3-coverage\` (coverage.py ${peers.coverage}) works with; plain and Runlens are timed on it too. ${plural(runs, 'round')}, ` +
      `each running plain, Runlens and coverage.py in turn, ${others} in the first ${plural(fewer, 'round')}; a peer run past ${peers.capS} s is stopped and ` +
      'not repeated (its ratio is then a lower bound). Each cell: ratio to plain (median ms).'),
    '',
    prose('Value recorders: Runlens and the PySnooper-style tracer (`bench/peers/snoop_like.py`: `sys.settrace`; on every line event ' +
      'the `repr` of each local, compared with the previous ones, and a line written for each change). Line counters: ' +
      '`python -m trace --count` and coverage.py (`coverage run`, which marks executed lines with its C tracer). "fastest": Runlens ' +
      'is faster than the other value recorder; "vs coverage.py": Runlens time / coverage.py time, target ≤ 1.5×.'),
    '',
    table(['workload', 'plain ms', 'Runlens', ...PEERS.map((p) => p.label), 'fastest value recorder', 'vs coverage.py (≤ 1.5×)'], rows),
  ].join('\n');
}

function scaleSection(results) {
  if (results.scale.length === 0) return null;
  const tableFor = (axis, sizeLabel) => table(
    [sizeLabel, 'Python', 'runs', 'plain ms', 'runlens ms', 'ratio', 'trace', 'status'],
    results.scale.filter((r) => r.axis === axis).sort((a, b) => a.minor - b.minor || a.size - b.size).map((r) => [
      axis === 'events' ? count(r.size) : r.size.toLocaleString('en'), r.python, r.runlensMs.length, msSpread(r.plainMs), msSpread(r.runlensMs),
      ratioCell(r), bytes(r.traceBytes), r.status,
    ]),
  );
  const versions = [...new Set(results.scale.map((r) => r.python))].join(' and ');
  return [
    '## Scale',
    '',
    prose(`The end-to-end measure as the work grows and as the file grows, on ${versions} (the \`sys.settrace\` and the ` +
      `\`sys.monitoring\` backends). Each step runs up to ${plural(results.meta.scaleRuns, 'interleaved pair')}, fewer when one more pair would take it ` +
      `past ${results.meta.scaleBudgetS} s (the biggest steps run once); a traced run is stopped at ${results.meta.scaleTimeoutS} s ` +
      '(status `timeout`, ratio a lower bound). A flat trace column means the trace does not grow with the work or the file.'),
    '',
    prose('Work: `loopScript` in `bench/lib/workloads.mjs`, a function with a one-statement `for` loop (2 line events per iteration):'),
    '',
    tableFor('events', 'line events'),
    '',
    prose('File: `generatedScript` in `bench/lib/workloads.mjs`, sections of a parser, a summary loop, a class and straight-line code, ' +
      'each different, as many as the lines allow:'),
    '',
    tableFor('lines', 'lines'),
  ].join('\n');
}

/** docs/benchmarks.md. */
export function renderBenchmarksDoc(results) {
  const sections = [
    '# Benchmarks',
    '',
    prose('Written by `npm run bench` (`bench/run.mjs`); do not edit by hand. These are the figures the speed work of issue 10 is ' +
      'judged against.'),
    '',
    header(results),
    '',
    '## Targets (issue 10)',
    '',
    targetsTable(results),
    latencySection(results),
    hoverAndMemorySection(results),
    endToEndSection(results),
    peersSection(results),
    scaleSection(results),
    [
      '## Reading and re-running',
      '',
      prose('- Every comparison is interleaved: plain Python and Runlens (and the peers) take turns, so a burst of load from ' +
        'elsewhere hits both. Medians are shown with their range (min–max) or p95.', 98).replace(/\n/g, '\n  '),
      prose('- `npm run bench:quick` (`node bench/run.mjs --quick`) runs fewer pairs on 3.11 and 3.13 with smaller scale steps, in about ' +
        '2 minutes, and prints the tables without writing this file.', 98).replace(/\n/g, '\n  '),
      prose('- `node bench/run.mjs --only latency,endToEnd,peers,scale` runs some sections (nothing is written); `--save FILE` keeps ' +
        'the raw measurements as JSON.', 98).replace(/\n/g, '\n  '),
    ].join('\n'),
  ];
  return `${sections.filter((s) => s !== null).join('\n\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

/** The README's Performance section body (without its heading). */
export function renderReadmeSection(results) {
  return [
    prose('`npm run bench` measures Runlens against plain Python on every CPython 3.8–3.13 found, interleaved in the same run: edit → ' +
      'hints latency through the server, hover while another document runs, server memory, end-to-end CLI ratios, peers ' +
      '(coverage.py, `trace --count`, a PySnooper-style tracer) and how cost and trace size scale. ' +
      '[docs/benchmarks.md](docs/benchmarks.md) has every table, how each number is measured, and the machine.'),
    '',
    prose(`Latest full run (${results.meta.date.slice(0, 10)}, ${results.meta.shared ? 'on a shared 2-core machine' : 'on a 2-core machine'}), ` +
      "against issue 10's targets:"),
    '',
    targetsTable(results),
  ].join('\n');
}

/** `readme` with the body of its `## heading` section replaced. */
export function replaceSection(readme, heading, body) {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const bodyStart = start + `\n## ${heading}\n`.length;
  const next = readme.indexOf('\n## ', bodyStart);
  if (next < 0) return `${readme.slice(0, bodyStart)}${body.trimEnd()}\n`;
  return `${readme.slice(0, bodyStart)}${body.trimEnd()}\n\n${readme.slice(next + 1)}`;
}

/** Write docs/benchmarks.md and the README's Performance section. */
export function writeReport(results, { docPath, readmePath }) {
  writeFileSync(docPath, renderBenchmarksDoc(results));
  writeFileSync(readmePath, replaceSection(readFileSync(readmePath, 'utf8'), 'Performance', renderReadmeSection(results)));
}
