// The benchmark's pure parts (bench/lib/*.mjs, bench/peers/), so that `npm run bench` cannot rot
// between its runs: the generated workloads are what they claim, the PySnooper-style peer records
// values, and the report marks targets met and missed. No timing is asserted here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { anyPython } from './runFixtures';

const ROOT = resolve(__dirname, '..', '..', '..');
const python = anyPython().executable;
const work = mkdtempSync(join(tmpdir(), 'runlens-bench-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A bench module, loaded as the bench loads it (plain ESM, not built). */
function bench(path: string): Promise<any> {
  return import(pathToFileURL(join(ROOT, 'bench', path)).href);
}

function runPython(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(python, args, { encoding: 'utf8', env });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

test('a generated script has exactly the lines asked for, with functions, loops and a class, and runs', async () => {
  const { generatedScript, lineCount } = await bench('lib/workloads.mjs');
  for (const lines of [4, 100, 1000, 10_000]) assert.equal(lineCount(generatedScript(lines)), lines, `${lines} lines`);
  const source: string = generatedScript(1000);
  assert.match(source, /^def parse_row_0\(line\):$/m);
  assert.match(source, /^class Account3:$/m);
  assert.match(source, /^ {4}for record in records:$/m);
  const path = join(work, 'generated.py');
  writeFileSync(path, source);
  assert.match(runPython([path]), /^checksum \d+\n$/);
});

test('the scale loop makes the number of line events it is sized for', async () => {
  const { loopScript } = await bench('lib/workloads.mjs');
  const path = join(work, 'loop.py');
  writeFileSync(path, loopScript(1001));
  const counter = [
    'import runpy, sys',
    'events = 0',
    'def trace(frame, event, arg):',
    '    global events',
    '    if frame.f_code.co_name != "work": return None',
    '    if event == "line": events += 1',
    '    return trace',
    'sys.settrace(trace)',
    'runpy.run_path(sys.argv[1])',
    'sys.settrace(None)',
    'print("events", events)',
  ].join('\n');
  assert.match(runPython(['-c', counter, path]), /\nevents 1001\n$/);
});

test('the PySnooper-style peer records each new and changed local and each return value', () => {
  const script = join(work, 'snooped.py');
  writeFileSync(script, 'def double(x):\n    y = x * 2\n    return y\n\ntotal = 0\nfor n in range(2):\n    total += double(n)\nprint(total)\n');
  const output = join(work, 'snoop.txt');
  assert.equal(runPython([join(ROOT, 'bench', 'peers', 'snoop_like.py'), script], { ...process.env, SNOOP_LIKE_OUTPUT: output }), '2\n');
  const recorded = readFileSync(output, 'utf8');
  assert.match(recorded, /^New var:\.+ x = 1$/m);
  assert.match(recorded, /^New var:\.+ y = 2$/m);
  assert.match(recorded, /^Modified var:\.+ total = 2$/m);
  assert.match(recorded, /^Return value:\.+ 2$/m);
  assert.doesNotMatch(recorded, /__builtins__/);
});

test('median and percentiles are of measured values', async () => {
  const { median, percentile } = await bench('lib/stats.mjs');
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2);
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(hundred, 50), 50);
  assert.equal(percentile(hundred, 95), 95);
  assert.equal(percentile([7], 95), 7);
});

/** Results as the bench collects them: a few rows, some meeting their targets and some not. */
function sampleResults(): any {
  const e2e = (workload: string, label: string, minor: number, plain: number, runlens: number, traceBytes: number) =>
    ({ workload, label, python: `3.${minor}.0`, minor, plainMs: [plain, plain + 1, plain - 1], runlensMs: [runlens, runlens + 2, runlens - 2], traceBytes, status: 'ok' });
  const times = (ms: number) => [ms, ms + 1, ms - 1];
  return {
    meta: {
      date: '2025-01-02T03:04:05Z', machine: '2 × Test CPU', quick: false, pythons: ['3.11.0', '3.13.0'], systemPython: { version: '3.11.2', coverage: '6.5.0' },
      loadStart: '1.50 1.00 0.50', loadEnd: '2.00 1.50 1.00', loadPeak: '2.50', shared: true, nodeStartupMs: { clean: 20, withCerts: 60 }, scaleRuns: 3, scaleBudgetS: 20, scaleTimeoutS: 120, durationS: 600,
    },
    startup: [{ python: '3.13.0', withSiteMs: [30, 31, 32], withoutSiteMs: [10, 11, 12] }],
    latency: [11, 13].map((minor) => ({
      python: `3.${minor}.0`, minor,
      small: { hintsMs: [20, 21, 22], plainMs: [30, 31, 32], lines: 52 },
      large: { hintsMs: [50, 51, 52], plainMs: [60, 61, 62], lines: 1000 },
      hover: { duringMs: [1, 2, 3], idleMs: [1, 1, 1] },
      memory: { beforeRss: 50 * 2 ** 20, rss: 90 * 2 ** 20, peakRss: 95 * 2 ** 20 },
    })),
    endToEnd: [
      e2e('hot_loop', 'hot loop (10M iterations)', 11, 1000, 1200, 20_000),
      e2e('hot_loop', 'hot loop (10M iterations)', 13, 1000, 1500, 20_000),
      e2e('fib', 'recursive fib(25)', 8, 100, 900, 20_000),
      e2e('fib', 'recursive fib(25)', 13, 100, 250, 20_000),
      e2e('lines10k', '10,000-line file', 13, 300, 600, 2 * 2 ** 20),
    ],
    peers: {
      python: '3.11.2', coverage: '6.5.0', capS: 10,
      rows: [
        { workload: 'fib', label: 'recursive fib(25)', python: '3.11.2', capped: [], times: { plain: times(100), runlens: times(200), coverage: times(150), trace: times(500), snoop: times(900) } },
        { workload: 'hot_loop', label: 'hot loop', python: '3.11.2', capped: ['snoop'], times: { plain: times(500), runlens: times(1000), coverage: times(600), trace: times(4000), snoop: [10_000] } },
      ],
    },
    scale: [
      { axis: 'events', size: 1e8, python: '3.13.0', minor: 13, plainMs: [3000], runlensMs: [3300], traceBytes: 30_000, status: 'ok' },
      { axis: 'lines', size: 100_000, python: '3.13.0', minor: 13, plainMs: [2000], runlensMs: [100_000], traceBytes: 20 * 2 ** 20, status: 'ok' },
    ],
  };
}

test('the targets table marks each target met or missed from the measurements', async () => {
  const { checkTargets } = await bench('lib/targets.mjs');
  const rows: { measure: string; now: string; verdict: boolean | null }[] = checkTargets(sampleResults());
  const verdict = (start: string) => {
    const found = rows.find((r) => r.measure.startsWith(start));
    assert.ok(found, start);
    return found;
  };
  assert.deepEqual(verdict('edit → hints, 50-line'), { ...verdict('edit → hints, 50-line'), verdict: true, now: '21 ms; below plain on 2 of 2 versions' });
  assert.equal(verdict('edit → hints, 1,000-line').verdict, false);
  assert.equal(verdict('`fib(25)`').now, '2.50×', 'fib on 3.8 is outside the 3.11–3.13 target');
  assert.equal(verdict('`fib(25)`').verdict, true);
  assert.equal(verdict('hot loop').now, '1.20–1.50×');
  assert.equal(verdict('hot loop').verdict, false);
  assert.equal(verdict('10,000-line file').now, '2.00× / 2.0 MB');
  assert.equal(verdict('10,000-line file').verdict, false);
  assert.equal(verdict('200,000 method calls').verdict, null);
  assert.equal(verdict('server memory').verdict, true);
  assert.equal(verdict('value-recording peers').now, 'fastest on 2 of 2; within 1.5× of coverage.py on 1 of 2');
  assert.equal(verdict('value-recording peers').verdict, false);
  assert.equal(verdict('every trace').now, '2 of 7 over, largest 20.0 MB');
});

test('the report has every section, the machine and its load, and the README keeps its other sections', async () => {
  const { renderBenchmarksDoc, renderReadmeSection, replaceSection } = await bench('lib/report.mjs');
  const doc: string = renderBenchmarksDoc(sampleResults());
  for (const heading of ['Targets (issue 10)', 'Edit → hints, through the server', 'Hover while another document runs', 'Server memory', 'End to end (CLI)', 'Peers (Debian\'s Python 3.11.2)', 'Scale']) {
    assert.match(doc, new RegExp(`^## ${heading.replace(/[()]/g, '\\$&')}$`, 'm'));
  }
  const flat = doc.replace(/\s+/g, ' ');
  assert.match(flat, /2 × Test CPU/);
  assert.match(flat, /1\.50 1\.00 0\.50 at the start/);
  assert.match(flat, /machine was shared/);
  assert.ok(doc.split('\n').every((line) => line.startsWith('|') || line.length <= 100), 'prose is wrapped at 100 columns');
  assert.match(doc, /\| 3\.13\.0 \| 31 \(30–32\) \| 11 \(10–12\) \| 20 \|/);
  assert.match(doc, /\| hot loop \| 500 \| 2\.00× \(1000\) \| 1\.20× \(600\) \| 8\.00× \(4000\) \| > 20\.0× \(stopped at 10 s\) \| ✓ \| 1\.67× ✗ \|/);
  assert.match(doc, /\| 10⁸ \| 3\.13\.0 \| 1 \| 3000 \| 3300 \| 1\.10× \| 29\.3 KB \| ok \|/);

  const readme = '# Title\n\n## Performance\nold table\n\n## Development\nkept\n';
  const updated: string = replaceSection(readme, 'Performance', renderReadmeSection(sampleResults()));
  assert.doesNotMatch(updated, /old table/);
  assert.match(updated, /\[docs\/benchmarks\.md\]\(docs\/benchmarks\.md\)/);
  assert.match(updated, /\n\n## Development\nkept\n$/);
  assert.match(updated, /^# Title\n\n## Performance\n/);
});
