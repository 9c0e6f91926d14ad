// npm run bench: Runlens against plain Python (and its peers) on every CPython 3.8–3.13 found,
// interleaved in the same run, checked against issue 10's targets. Prints every table (Markdown)
// and, after a full run, writes docs/benchmarks.md and the README's Performance section.
//
//   node bench/run.mjs [--quick] [--only SECTION,...] [--save FILE] [--shared]
//
// --quick: fewer pairs, 3.11 and 3.13 only, smaller scale steps, nothing written (~2 min).
// --only latency,endToEnd,peers,scale: those sections only, nothing written.
// --save FILE: also write the raw measurements as JSON. --shared: say the machine was shared even
// if its load looked low at the start. RUNLENS_BENCH_RUNS overrides the number of pairs.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, SERVER_JS } from './lib/lspClient.mjs';
import { loadAverage, machineDescription, nodeStartupMs } from './lib/processes.mjs';
import { coverageVersion, describePython, pyenvPythons, SYSTEM_PYTHON } from './lib/pythons.mjs';
import { renderBenchmarksDoc, writeReport } from './lib/report.mjs';
import { cliWorkloads } from './lib/workloads.mjs';
import { CLI, measureEndToEnd, measureStartup } from './sections/endToEnd.mjs';
import { measureLatency } from './sections/latency.mjs';
import { measurePeers } from './sections/peers.mjs';
import { measureScale } from './sections/scale.mjs';

const SECTIONS = ['latency', 'endToEnd', 'peers', 'scale'];

const PLANS = {
  full: {
    minors: [8, 9, 10, 11, 12, 13],
    runs: 5,
    edits: 20,
    peerRuns: 5,
    peerFewerRuns: 3,
    peerCapS: 10,
    scaleMinors: [11, 13],
    scaleEvents: [1e3, 1e4, 1e5, 1e6, 1e7, 1e8],
    scaleLines: [100, 1_000, 10_000, 100_000],
    scaleRuns: 3,
    scaleBudgetS: 20,
    scaleTimeoutS: 120,
  },
  quick: {
    minors: [11, 13],
    runs: 3,
    edits: 10,
    peerRuns: 1,
    peerFewerRuns: 1,
    peerCapS: 3,
    scaleMinors: [11, 13],
    scaleEvents: [1e3, 1e4, 1e5, 1e6],
    scaleLines: [100, 1_000, 10_000],
    scaleRuns: 3,
    scaleBudgetS: 5,
    scaleTimeoutS: 60,
  },
};

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, only: { type: 'string' }, save: { type: 'string' }, shared: { type: 'boolean' } },
});
const only = flags.only ? flags.only.split(',') : SECTIONS;
const unknown = only.filter((s) => !SECTIONS.includes(s));
if (unknown.length) throw new Error(`unknown section ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
const plan = PLANS[flags.quick ? 'quick' : 'full'];
const runs = Number(process.env.RUNLENS_BENCH_RUNS ?? plan.runs);
const writing = !flags.quick && !flags.only;
for (const file of [CLI, SERVER_JS]) if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);

const log = (line) => process.stderr.write(`${line}\n`);
const started = Date.now();
const loadStart = loadAverage();
let loadPeak = Number(loadStart.split(' ')[0]);
const noteLoad = () => {
  loadPeak = Math.max(loadPeak, Number(loadAverage().split(' ')[0]));
};

const pythons = pyenvPythons().filter((p) => plan.minors.includes(p.minor));
if (pythons.length === 0) throw new Error('no CPython 3.8–3.13 found under $(pyenv root)/versions');
const work = mkdtempSync(join(tmpdir(), 'runlens-bench-'));
log(`Runlens benchmark (${flags.quick ? 'quick' : 'full'}): ${pythons.map((p) => p.version).join(', ')}; load average ${loadStart}; scratch ${work}`);

const nodeStartup = nodeStartupMs();
log(`node -e 0: ${nodeStartup.clean.toFixed(0)} ms without NODE_EXTRA_CA_CERTS${nodeStartup.withCerts === null ? '' : `, ${nodeStartup.withCerts.toFixed(0)} ms with it`}`);

const results = { meta: {}, latency: [], startup: [], endToEnd: [], peers: null, scale: [] };
const sectionMinutes = {};
/** Run a section, noting the load when it starts and how long it took. */
async function section(name, body) {
  noteLoad();
  const start = Date.now();
  await body();
  sectionMinutes[name] = (Date.now() - start) / 60_000;
  log(`${name}: ${sectionMinutes[name].toFixed(1)} min`);
}
const workloads = cliWorkloads();
const folder = (name) => mkdtempSync(join(work, `${name}-`));

try {
  if (only.includes('latency')) {
    await section('latency', async () => {
      for (const python of pythons) {
        log(`Protocol (edit → hints, hover, memory) on ${python.version}`);
        results.latency.push(await measureLatency(python, folder(`latency-${python.version}`), {
          edits: plan.edits, warmup: 2, busySeconds: 3, documents: 20, log,
        }));
      }
    });
  }
  if (only.includes('endToEnd')) {
    await section('endToEnd', () => {
      for (const python of pythons) {
        log(`End to end on ${python.version}`);
        results.startup.push(measureStartup(python, runs));
        results.endToEnd.push(...measureEndToEnd(python, folder(`e2e-${python.version}`), workloads, runs, log));
      }
    });
  }
  let systemPython = null;
  if (only.includes('peers')) {
    systemPython = describePython(SYSTEM_PYTHON);
    const coverage = systemPython && coverageVersion(SYSTEM_PYTHON);
    if (!systemPython || !coverage) {
      log(`Peers skipped: ${SYSTEM_PYTHON} with coverage.py is needed (apt-get install -y python3-coverage)`);
      systemPython = null;
    } else {
      systemPython.coverage = coverage;
      await section('peers', () => {
        log(`Peers on ${SYSTEM_PYTHON} ${systemPython.version} (coverage.py ${coverage})`);
        const rows = measurePeers(systemPython, folder('peers'), workloads, {
          runs: Number(process.env.RUNLENS_BENCH_RUNS ?? plan.peerRuns), fewerRuns: plan.peerFewerRuns, capMs: plan.peerCapS * 1000, log,
        });
        results.peers = { python: systemPython.version, coverage, capS: plan.peerCapS, fewerRuns: plan.peerFewerRuns, rows };
      });
    }
  }
  if (only.includes('scale')) {
    await section('scale', () => {
      for (const python of pythons.filter((p) => plan.scaleMinors.includes(p.minor))) {
        log(`Scale on ${python.version}`);
        results.scale.push(...measureScale(python, folder(`scale-${python.version}`), {
          events: plan.scaleEvents, lines: plan.scaleLines, runs: Math.min(runs, plan.scaleRuns), budgetMs: plan.scaleBudgetS * 1000, timeoutMs: plan.scaleTimeoutS * 1000, log,
        }));
      }
    });
  }
  noteLoad();
  const loadEnd = loadAverage();
  results.meta = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: machineDescription(),
    quick: Boolean(flags.quick),
    pythons: pythons.map((p) => p.version),
    systemPython: systemPython && { version: systemPython.version, coverage: systemPython.coverage },
    loadStart,
    loadEnd,
    loadPeak: loadPeak.toFixed(2),
    shared: Boolean(flags.shared) || Number(loadStart.split(' ')[0]) >= 0.5,
    nodeStartupMs: nodeStartup,
    scaleRuns: Math.min(runs, plan.scaleRuns),
    scaleBudgetS: plan.scaleBudgetS,
    scaleTimeoutS: plan.scaleTimeoutS,
    sectionMinutes,
    durationS: (Date.now() - started) / 1000,
  };
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(renderBenchmarksDoc(results));
if (flags.save) writeFileSync(flags.save, JSON.stringify(results, null, 2));
if (writing) {
  writeReport(results, { docPath: join(ROOT, 'docs', 'benchmarks.md'), readmePath: join(ROOT, 'README.md') });
  log('Wrote docs/benchmarks.md and the README\'s Performance section.');
} else {
  log('Nothing written (a quick or partial run); the full `npm run bench` writes docs/benchmarks.md and the README\'s Performance section.');
}
log(`Took ${(results.meta.durationS / 60).toFixed(1)} min.`);
