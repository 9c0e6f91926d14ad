import { formatSeconds } from '../run/runTrace';
import type { Trace } from './types';

/** One sentence on how a run ended: "Ran in 42 ms · 3 lines of output", "Stopped after 5 s at line 12", ... */
export function runSummary(trace: Trace): string {
  switch (trace.status) {
    case 'ok':
      return `Ran in ${formatMs(trace.durationMs)}${outputPart(trace)}`;
    case 'exception': {
      const where = trace.exception?.line ? ` at line ${trace.exception.line}` : '';
      return `Raised ${trace.exception?.type ?? 'an exception'}${where}${trace.exception?.message ? `: ${trace.exception.message}` : ''}`;
    }
    case 'exit':
      return `Exited with code ${trace.exitCode ?? 0} after ${formatMs(trace.durationMs)}${outputPart(trace)}`;
    case 'timeout': {
      const line = trace.stoppedBy?.line;
      return `Stopped after ${formatSeconds(trace.limits.timeoutMs)}${line ? ` at line ${line}` : ''} (time limit)`;
    }
    case 'syntax-error':
      return `Syntax error at line ${trace.syntaxError?.line ?? '?'}: ${trace.syntaxError?.message ?? ''} (nothing was run)`;
    case 'memory':
    case 'killed':
      return trace.stoppedBy?.message ?? (trace.stderr.trim().split('\n').at(-1) || 'The run was stopped');
  }
}

export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function outputPart(trace: Trace): string {
  const text = trace.stdout + trace.stderr;
  if (!text) return '';
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return ` · ${lines} line${lines === 1 ? '' : 's'} of output`;
}
