// npm run bench: for each workload and each Python found, the median wall time of plain
// `python FILE` and of `runlens FILE --json`, measured interleaved in the same run, their ratio,
// and the trace size. Prints a Markdown table (README.md carries the latest one) and checks the
// targets: hot loop ≤ 1.3× plain on 3.12+, ≤ 2× on 3.11; every trace ≤ 256 KB.
// A third column times the tracer alone (python runlens_tracer.py, no Node), to show how much of
// the end-to-end ratio is Node's own start-up.
import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TRACER = join(ROOT, 'server', 'python', 'runlens_tracer.py');
const WORK = mkdtempSync(join(tmpdir(), 'runlens-bench-'));
const WORKLOADS = [
  ['hot loop (2,000,000 iterations)', 'hot_loop.py'],
  ['recursive fib(24)', 'fib.py'],
  ['text processing', 'text.py'],
  ['50-line everyday script', 'everyday.py'],
];
const RUNS = Number(process.env.RUNLENS_BENCH_RUNS ?? 7);
// Some machines (these among them) set NODE_EXTRA_CA_CERTS, which makes every Node process parse a
// certificate bundle at start-up (about 40 ms here) that the CLI never uses: runlens is measured
// without it, as on a typical machine, and the table says what it would add.
const CLI_ENV = { ...process.env };
delete CLI_ENV.NODE_EXTRA_CA_CERTS;
const MAX_TRACE_BYTES = 256 * 1024;
// The tracer has no defaults of its own: its config carries every limit, from the one table.
const limitsTable = buildSync({ entryPoints: [join(ROOT, 'shared', 'limits.ts')], bundle: true, format: 'esm', write: false });
const { USER_LIMITS, TRACER_CAPS } = await import(`data:text/javascript;base64,${Buffer.from(limitsTable.outputFiles[0].text).toString('base64')}`);
const LIMITS = {
  timeoutMs: USER_LIMITS.timeoutMs.default,
  memoryMb: USER_LIMITS.memoryMb.default,
  maxOutputBytes: USER_LIMITS.maxOutputKb.default * 1024,
  samples: USER_LIMITS.samples.default,
  ...TRACER_CAPS,
};

function pythons() {
  const dir = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  const found = new Map();
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const m = /^3\.(\d+)\.(\d+)$/.exec(name);
      if (!m || Number(m[1]) < 8 || Number(m[1]) > 13) continue;
      const exe = join(dir, name, 'bin', `python3.${m[1]}`);
      if (existsSync(exe) && (!found.has(m[1]) || found.get(m[1]).patch < Number(m[2]))) {
        found.set(m[1], { version: name, exe, patch: Number(m[2]) });
      }
    }
  }
  if (found.size === 0) {
    const probe = spawnSync('python3', ['-c', 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' });
    const [exe, version] = probe.stdout.trim().split('\n');
    if (exe) found.set('x', { version, exe });
  }
  return [...found.values()].sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
}

function timed(command, args, extraFd = null, env = process.env) {
  const stdio = ['ignore', 'pipe', 'pipe', ...(extraFd === null ? [] : ['pipe', extraFd])];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio, env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return { ms, stdout: result.stdout, records: result.output?.[3] ?? '' };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function target(workload, version) {
  if (workload !== 'hot_loop.py') return null;
  const minor = Number(version.split('.')[1]);
  if (minor >= 12) return 1.3;
  if (minor === 11) return 2;
  return null;
}

const rows = [];
const misses = [];
for (const python of pythons()) {
  for (const [label, file] of WORKLOADS) {
    const path = join(import.meta.dirname, 'workloads', file);
    const configPath = join(WORK, `${file}.json`);
    writeFileSync(configPath, JSON.stringify({ mode: 'script', entry: path, call: null, traced: [path], texts: { [path]: readFileSync(path, 'utf8') }, cwd: WORK, argv: [], guard: false, limits: LIMITS }));
    const tracerOnce = () => {
      const fd = openSync(configPath, 'r');
      try {
        const run = timed(python.exe, ['-X', 'utf8', TRACER], fd);
        if (!run.records.includes('"type":"trace"') || run.records.includes('"tracerErrors":["')) {
          throw new Error(`the tracer alone did not trace ${file}: ${run.records.slice(-300)}`);
        }
        return run.ms;
      } finally {
        closeSync(fd);
      }
    };
    const plain = [];
    const traced = [];
    const tracerOnly = [];
    let traceBytes = 0;
    let status = '';
    timed(python.exe, [path]);
    for (let i = 0; i < RUNS; i++) {
      plain.push(timed(python.exe, [path]).ms);
      const run = timed(process.execPath, [CLI, path, '--json', '--python', python.exe], null, CLI_ENV);
      traced.push(run.ms);
      tracerOnly.push(tracerOnce());
      traceBytes = Buffer.byteLength(run.stdout);
      status = JSON.parse(run.stdout).status;
    }
    const ratio = median(traced) / median(plain);
    const goal = target(file, python.version);
    const verdict = [
      goal === null ? '' : ratio <= goal ? `≤ ${goal}× ✓` : `> ${goal}× ✗`,
      traceBytes <= MAX_TRACE_BYTES ? '' : 'trace > 256 KB ✗',
    ].filter(Boolean).join(', ');
    if (verdict.includes('✗')) misses.push(`${label} on ${python.version}: ${verdict}`);
    const tracerRatio = median(tracerOnly) / median(plain);
    rows.push([label, python.version, median(plain).toFixed(0), median(traced).toFixed(0), `${ratio.toFixed(2)}×`, `${tracerRatio.toFixed(2)}×`, `${(traceBytes / 1024).toFixed(1)} KB`, status, verdict]);
    process.stderr.write(`${label} on ${python.version}: ${ratio.toFixed(2)}×\n`);
  }
}

function nodeStartup(env) {
  return median(Array.from({ length: 7 }, () => timed(process.execPath, ['-e', '0'], null, env).ms));
}

const header = ['workload', 'Python', 'plain ms', 'runlens ms', 'ratio', 'tracer alone', 'trace', 'status', 'target'];
console.log(`Medians of ${RUNS} interleaved runs each (wall time, including interpreter and Node start-up).`);
console.log(`Node start-up (\`node -e 0\`): ${nodeStartup(CLI_ENV).toFixed(0)} ms` +
  (process.env.NODE_EXTRA_CA_CERTS ? `; ${nodeStartup(process.env).toFixed(0)} ms with this machine's NODE_EXTRA_CA_CERTS, which runlens is measured without.\n` : '.\n'));
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
if (misses.length) console.log(`\nTargets missed:\n${misses.map((m) => `- ${m}`).join('\n')}`);
