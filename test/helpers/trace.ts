import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { PythonInterpreter } from '../../server/src/run/interpreter';
import { buildPlan, type PlanInput, type RunOptions } from '../../server/src/run/plan';
import { runPlan } from '../../server/src/run/runPlan';
import { tracerScriptPath } from '../../server/src/run/tracerScript';
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

/** Every record the tracer sent on fd 3 for a config given as is (no run layer in between). */
export function tracerRecords(python: PythonInterpreter, config: string): Promise<{ type: string; trace?: Trace }[]> {
  const child = spawn(python.executable, ['-X', 'utf8', tracerScriptPath()], { cwd: tmpdir(), stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  (child.stdio[4] as Writable).end(config);
  const chunks: Buffer[] = [];
  (child.stdio[3] as Readable).on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.resume();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter((line) => line.trim());
      resolve(lines.map((line) => JSON.parse(line) as { type: string; trace?: Trace }));
    });
  });
}
