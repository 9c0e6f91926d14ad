// Text for the output and trace views (rendered by clients as virtual documents). Formats are
// documented in docs/protocol.md.
import type { TraceIndex } from '../trace/traceIndex';
import { crashSentence, terminalOutput } from './format';

/** The program's output exactly as a terminal shows it (stdout and stderr interleaved, then the traceback). */
export function outputText(index: TraceIndex): string {
  let text = terminalOutput(index.trace);
  const stopped = index.trace.stoppedBy;
  if (stopped && stopped.limit !== 'cancelled') {
    if (text && !text.endsWith('\n')) text += '\n';
    text += `[runlens] ${stopped.message}\n`;
  }
  const crash = index.trace.crash;
  if (crash) {
    if (text && !text.endsWith('\n')) text += '\n';
    text += `[runlens] ${crashSentence(crash)}\n`;
  }
  if (index.trace.outputTruncated && !stopped) text += '[runlens] output truncated\n';
  return text;
}

/** Width of the source column in the trace view. */
export const TRACE_SOURCE_WIDTH = 40;

/**
 * One executed step per line: `  12 │ total += i                               total = 3`. The
 * values are those the step bound that differ from what was last shown for the same name (only
 * for sampled executions). A header line starts with `#`.
 */
export function traceText(index: TraceIndex, fileName: string): string {
  const { trace } = index;
  const steps = trace.path.lines;
  const width = Math.max(4, String(Math.max(0, ...steps)).length);
  const hitsSoFar = new Map<number, number>();
  const lastShown = new Map<string, string>();
  const out: string[] = [`# ${fileName} · ${steps.length} steps${trace.path.truncated ? ' (truncated)' : ''}`];
  for (const line of steps) {
    const hit = (hitsSoFar.get(line) ?? 0) + 1;
    hitsSoFar.set(line, hit);
    const sample = index.line(line)?.samples.find((s) => s.hit === hit);
    const changed: string[] = [];
    if (sample) {
      for (const [name, value] of Object.entries(sample.values)) {
        if (lastShown.get(name) === value) continue;
        lastShown.set(name, value);
        changed.push(`${name} = ${value}`);
      }
    }
    const source = index.text(line).trimEnd();
    const left = `${String(line).padStart(width)} │ ${source}`;
    out.push(changed.length > 0 ? `${left.padEnd(width + 3 + TRACE_SOURCE_WIDTH)}  ${changed.join(', ')}` : left);
  }
  if (trace.path.truncated) out.push(`${'…'.padStart(width)} │ (path truncated after ${steps.length} steps)`);
  return out.join('\n') + '\n';
}
