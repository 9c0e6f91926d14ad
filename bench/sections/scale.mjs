// The scale table: cost and trace size as the work grows (the same loop, 10³ … 10⁸ line events)
// and as the file grows (100 … 100,000 lines of generated code).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedScript, loopScript } from '../lib/workloads.mjs';
import { comparePlainAndRunlens } from './endToEnd.mjs';

/**
 * Each step gets up to `runs` pairs, fewer once its pairs would take more than `budgetMs` (the big
 * steps run once); a traced run is stopped at `timeoutMs` (status `timeout`, a lower bound).
 */
export function measureScale(python, dir, { events, lines, runs, budgetMs, timeoutMs, log }) {
  const results = [];
  const steps = [
    ...events.map((n) => ({ axis: 'events', size: n, source: loopScript(n) })),
    ...lines.map((n) => ({ axis: 'lines', size: n, source: generatedScript(n) })),
  ];
  for (const step of steps) {
    const path = join(dir, `scale_${step.axis}_${step.size}.py`);
    writeFileSync(path, step.source);
    const measured = comparePlainAndRunlens(path, python, { runs, budgetMs, timeoutMs, warmUp: false });
    results.push({ axis: step.axis, size: step.size, python: python.version, minor: python.minor, ...measured });
    log(`  ${step.size.toLocaleString('en')} ${step.axis === 'events' ? 'line events' : 'lines'}: ${measured.runlensMs.length} run(s), ${measured.status}`);
  }
  return results;
}
