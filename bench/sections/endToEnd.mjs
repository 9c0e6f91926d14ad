// End to end: `python FILE` against `node dist/cli.js FILE --json` (Node started without
// NODE_EXTRA_CA_CERTS), interleaved, on one Python; also used by the scale table.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/lspClient.mjs';
import { NODE_ENV, timeProcess } from '../lib/processes.mjs';

export const CLI = join(ROOT, 'dist', 'cli.js');
/** The CLI's own limit is the longest allowed: the benchmark measures runs, not timeouts. */
const CLI_TIMEOUT_MS = 600_000;

export function runlensArgs(path, python) {
  return [CLI, path, '--json', '--python', python.executable, '--timeout', String(CLI_TIMEOUT_MS)];
}

/** One traced run through the CLI: its wall time, trace size and status. */
export function timeRunlens(path, python) {
  const run = timeProcess(process.execPath, runlensArgs(path, python), { env: NODE_ENV });
  return { ms: run.ms, traceBytes: Buffer.byteLength(run.stdout), status: JSON.parse(run.stdout).status };
}

/**
 * Up to `runs` interleaved pairs (plain, then Runlens) after a warm-up of each (`warmUp`), fewer
 * when the pairs so far took more than `budgetMs` (at least one); returns the times, the trace size
 * and the status of the last traced run.
 */
export function comparePlainAndRunlens(path, python, { runs, budgetMs = Infinity, warmUp = true }) {
  timeProcess(python.executable, [path]);
  if (warmUp) timeRunlens(path, python);
  const plainMs = [];
  const runlensMs = [];
  let traced;
  let spent = 0;
  for (let i = 0; i < runs && spent <= budgetMs; i++) {
    const plain = timeProcess(python.executable, [path]).ms;
    traced = timeRunlens(path, python);
    plainMs.push(plain);
    runlensMs.push(traced.ms);
    spent += plain + traced.ms;
  }
  return { plainMs, runlensMs, traceBytes: traced.traceBytes, status: traced.status };
}

/** Every end-to-end workload on one Python. */
export function measureEndToEnd(python, dir, workloads, runs, log) {
  const results = [];
  for (const workload of workloads) {
    const path = join(dir, `${workload.id}.py`);
    writeFileSync(path, workload.source);
    const measured = comparePlainAndRunlens(path, python, { runs });
    results.push({ workload: workload.id, label: workload.label, python: python.version, minor: python.minor, ...measured });
    log(`  ${workload.label}: done`);
  }
  return results;
}
