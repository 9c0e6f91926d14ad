// Peers: every end-to-end workload under plain Python, Runlens, coverage.py, trace --count and a
// PySnooper-style tracer, interleaved, on the one interpreter that has them all (Debian's python3
// with python3-coverage).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEERS } from '../lib/peers.mjs';
import { timeProcess } from '../lib/processes.mjs';
import { timeRunlens } from './endToEnd.mjs';

/**
 * `runs` rounds of plain, Runlens and each peer, one after the other; peers not run in every round
 * run in the first `fewerRuns`. A peer run that exceeds `capMs` is killed and not repeated: its
 * time is a lower bound (`capped`).
 */
export function measurePeers(python, dir, workloads, { runs, fewerRuns, capMs, log }) {
  const scratch = join(dir, 'peer-output');
  mkdirSync(scratch, { recursive: true });
  const results = [];
  for (const workload of workloads) {
    const path = join(dir, `${workload.id}.py`);
    writeFileSync(path, workload.source);
    const times = { plain: [], runlens: [], ...Object.fromEntries(PEERS.map((peer) => [peer.id, []])) };
    const capped = new Set();
    timeProcess(python.executable, [path]);
    for (let i = 0; i < runs; i++) {
      times.plain.push(timeProcess(python.executable, [path]).ms);
      times.runlens.push(timeRunlens(path, python).ms);
      for (const peer of PEERS) {
        if (capped.has(peer.id) || (!peer.everyRound && i >= fewerRuns)) continue;
        const run = timeProcess(python.executable, peer.args(path, scratch), { timeoutMs: capMs, cwd: scratch });
        times[peer.id].push(run.ms);
        if (run.timedOut) capped.add(peer.id);
      }
    }
    results.push({ workload: workload.id, label: workload.label, python: python.version, times, capped: [...capped] });
    log(`  ${workload.label}: done${capped.size ? ` (stopped at ${capMs / 1000} s: ${[...capped].join(', ')})` : ''}`);
  }
  return results;
}
