// The tools Runlens is compared with, each as the command that runs a script under it. Value
// recorders record what lines computed (Runlens, the PySnooper-style tracer); line counters only
// count or mark lines (python -m trace --count, coverage.py).
import { join } from 'node:path';

export const SNOOP_LIKE = join(import.meta.dirname, '..', 'peers', 'snoop_like.py');

/**
 * `scratch` is a folder the tools may write their results into. `everyRound`: the peer runs in every
 * round (coverage.py, which Runlens is held to within 1.5× of); the others, far from Runlens on
 * most workloads, run in the first few rounds only.
 */
export const PEERS = [
  {
    id: 'coverage',
    label: 'coverage.py (line coverage, C tracer)',
    kind: 'line counter',
    everyRound: true,
    args: (path, scratch) => ['-m', 'coverage', 'run', `--data-file=${join(scratch, '.coverage')}`, path],
  },
  {
    id: 'trace',
    label: 'python -m trace --count',
    kind: 'line counter',
    everyRound: false,
    args: (path, scratch) => ['-m', 'trace', '--count', '-C', join(scratch, 'cover'), path],
  },
  {
    id: 'snoop',
    label: 'PySnooper-style tracer (bench/peers/snoop_like.py)',
    kind: 'value recorder',
    everyRound: false,
    args: (path) => [SNOOP_LIKE, path],
  },
];
