import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const RELATIVE = join('server', 'python', 'runlens_tracer.py');

/**
 * The tracer entry script. Bundles live in dist/ (and tests in out/test/...), so look upward from
 * this module for server/python/; RUNLENS_TRACER overrides it.
 */
export function tracerScriptPath(): string {
  const override = process.env.RUNLENS_TRACER;
  if (override) return override;
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, RELATIVE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Runlens tracer not found (looked for ${RELATIVE} above ${__dirname})`);
    dir = parent;
  }
}
