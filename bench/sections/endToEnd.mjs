// End to end: `python FILE` against `node dist/cli.js FILE --json` (Node started without
// NODE_EXTRA_CA_CERTS), interleaved, on one Python; also used by the scale table.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/lspClient.mjs';
import { NODE_ENV, timeProcess } from '../lib/processes.mjs';

export const CLI = join(ROOT, 'dist', 'cli.js');
/** By default the CLI's own limit is the longest allowed: the benchmark measures runs, not timeouts. */
const CLI_TIMEOUT_MS = 600_000;

export function runlensArgs(path, python, timeoutMs = CLI_TIMEOUT_MS) {
  return [CLI, path, '--json', '--python', python.executable, '--timeout', String(timeoutMs)];
}

/** One traced run through the CLI: its wall time, trace size and status (`timeout` past `timeoutMs`). */
export function timeRunlens(path, python, timeoutMs = CLI_TIMEOUT_MS) {
  const run = timeProcess(process.execPath, runlensArgs(path, python, timeoutMs), { env: NODE_ENV });
  return { ms: run.ms, traceBytes: Buffer.byteLength(run.stdout), status: JSON.parse(run.stdout).status };
}

/**
 * Up to `runs` interleaved pairs (plain, then Runlens) after a warm-up run of plain Python and,
 * with `warmUp`, of Runlens, fewer
 * when one more pair would take the pairs past `budgetMs` (at least one); returns the times, the
 * trace size and the status of the last traced run. `timeoutMs`: the CLI's time limit (a run
 * stopped by it has status `timeout`, and its time is a lower bound).
 */
export function comparePlainAndRunlens(path, python, { runs, budgetMs = Infinity, warmUp = true, timeoutMs = CLI_TIMEOUT_MS }) {
  timeProcess(python.executable, [path]);
  if (warmUp) timeRunlens(path, python, timeoutMs);
  const plainMs = [];
  const runlensMs = [];
  let traced;
  let spent = 0;
  let pair = 0;
  while (plainMs.length < runs && (plainMs.length === 0 || spent + pair <= budgetMs)) {
    const plain = timeProcess(python.executable, [path]).ms;
    traced = timeRunlens(path, python, timeoutMs);
    plainMs.push(plain);
    runlensMs.push(traced.ms);
    pair = plain + traced.ms;
    spent += pair;
    if (traced.status === 'timeout') break;
  }
  return { plainMs, runlensMs, traceBytes: traced.traceBytes, status: traced.status };
}

/**
 * The interpreter's own start-up, with its site-packages (`python -c pass`) and without (`-S`),
 * interleaved: what site-packages' .pth files cost at every start, plain and traced alike.
 */
export function measureStartup(python, runs) {
  const withSite = [];
  const withoutSite = [];
  for (let i = 0; i < runs; i++) {
    withSite.push(timeProcess(python.executable, ['-c', 'pass']).ms);
    withoutSite.push(timeProcess(python.executable, ['-S', '-c', 'pass']).ms);
  }
  return { python: python.version, withSiteMs: withSite, withoutSiteMs: withoutSite };
}

/** Every end-to-end workload on one Python. */
export function measureEndToEnd(python, dir, workloads, runs, log) {
  const results = [];
  for (const [index, workload] of workloads.entries()) {
    const path = join(dir, `${workload.id}.py`);
    writeFileSync(path, workload.source);
    // Plain Python warms up before every workload; Runlens before the first (its own files are then cached).
    const measured = comparePlainAndRunlens(path, python, { runs, warmUp: index === 0 });
    results.push({ workload: workload.id, label: workload.label, python: python.version, minor: python.minor, ...measured });
    log(`  ${workload.label}: done`);
  }
  return results;
}
