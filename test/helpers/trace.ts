import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PythonInterpreter, RunRequest } from '../../server/src/run/request';
import { runTrace } from '../../server/src/run/execaRunTrace';
import type { Trace } from '../../server/src/trace/types';

/** A path that does not exist on disk: the tracer must work from the text alone. */
export const UNSAVED_PATH = join(tmpdir(), 'runlens-unsaved', 'program.py');

export function traceSource(
  python: PythonInterpreter,
  source: string,
  options: Partial<Omit<RunRequest, 'source' | 'python'>> = {},
): Promise<Trace> {
  return runTrace({
    source,
    path: UNSAVED_PATH,
    cwd: tmpdir(),
    argv: [],
    stdin: '',
    call: null,
    python,
    limits: {},
    ...options,
  });
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
