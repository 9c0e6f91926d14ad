import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PythonInterpreter } from '../../server/src/run/interpreter';
import { buildPlan, type PlanInput, type RunOptions } from '../../server/src/run/plan';
import { runPlan } from '../../server/src/run/runPlan';
import type { Trace } from '../../server/src/trace/types';

/** A path that does not exist on disk: the tracer must work from the text alone. */
export const UNSAVED_PATH = join(tmpdir(), 'runlens-unsaved', 'program.py');

/** Trace `source` as the unsaved text of a file (UNSAVED_PATH unless `path` is given), through a plan like every run. */
export function traceSource(
  python: PythonInterpreter,
  source: string,
  options: Partial<Omit<PlanInput, 'entry' | 'text' | 'python'>> & { path?: string } & RunOptions = {},
): Promise<Trace> {
  const { path, signal, onOutput, ...input } = options;
  return runPlan(buildPlan({ cwd: tmpdir(), ...input, entry: path ?? UNSAVED_PATH, text: source, python }), { signal, onOutput });
}

/** The values of the first and last samples of a line, and its hit count. */
export function lineValues(trace: Trace, line: number) {
  const record = trace.lines[String(line)];
  if (!record) return { hits: 0, first: undefined, last: undefined, exact: true };
  const samples = record.samples;
  return {
    hits: record.hits,
    exact: record.exact,
    first: samples[0]?.values,
    last: { ...samples[samples.length - 1]?.values, ...record.final },
  };
}

/** Source from a template literal, without the common indentation. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
