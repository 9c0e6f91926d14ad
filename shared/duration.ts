// The one duration formatter: the server's summaries and diagnostics, the CLI and the VS Code
// status item all say durations the same way.

/** A duration as people read it: `420 ms`, `5 s`, `2.5 s`, `75 s`; `? ms` when unknown. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '? ms';
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)} s`;
}
