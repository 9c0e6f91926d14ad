// The pure half of "Runlens: Predict Output": checking a call typed into the input box, and how a
// prediction reads as text. Which function the cursor is in, and the call the input box starts
// with, come from the server (it knows the file's structure). No `vscode` import (unit-tested).
import type { CallPrediction, FilePrediction } from '../../shared/protocol';

/** Checks a call typed into the input box; returns an error message or null. */
export function validateCall(text: string): string | null {
  const t = text.trim();
  if (!t) return 'Type a call, e.g. f(1, 2)';
  if (bracketDepth(t) !== 0) return 'Unbalanced brackets';
  if (!/\)\s*$/.test(t)) return 'A call ends with ")"';
  return null;
}

function bracketDepth(text: string): number {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return depth;
}

// ---------------------------------------------------------------------------------------------
// Rendering a prediction (shared/protocol.ts CallPrediction / FilePrediction) as the text of a
// read-only runlens-output document.

/** `# Runlens prediction · file · call · summary`, `# → …` facts, then the printed output. */
export function formatPrediction(file: string, prediction: CallPrediction | FilePrediction): string {
  const out: string[] = [];
  if (prediction.kind === 'file') {
    out.push(`# Runlens prediction · ${file} · whole file · ${prediction.status ?? 'not run'}`);
    out.push(`# → ${prediction.summary}`);
  } else {
    out.push(`# Runlens prediction · ${file} · ${prediction.call || prediction.function || '?'} · ${prediction.status ?? 'not run'}`);
    if (prediction.exception) out.push(`# → raised ${prediction.exception.type}: ${firstLine(prediction.exception.message)}`);
    else if (prediction.returnValue !== null) out.push(`# → returned ${prediction.returnValue}`);
    else if (prediction.summary) out.push(`# → ${prediction.summary}`);
    if (prediction.path) out.push(`# → path ${prediction.path}`);
  }
  out.push(prediction.output ? '# → printed:' : '# → printed nothing');
  let text = out.join('\n') + '\n';
  if (prediction.output) text += prediction.output.endsWith('\n') ? prediction.output : `${prediction.output}\n`;
  return text;
}

/** The output document's header: `# Runlens output · examples/tour.py · ran in 42 ms · ok`. */
export function outputHeader(file: string, finished: string | null, status: string | null): string {
  return `# Runlens output · ${file} · ${finished ?? 'not run yet'}${status ? ` · ${status}` : ''}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
