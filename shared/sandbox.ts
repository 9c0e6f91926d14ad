// Which protection a run had: part of the trace format (server/src/trace/types.ts re-exports it)
// and of the protocol (runlens/traceFinished), so it lives here where both sides can import it,
// with the words the status item and the CLI use for it.

/**
 * landlock: the kernel sandbox (Linux Landlock) restricted the run, and the audit hook named what it
 * blocked; audit-hook: only the Python audit hook guarded it (no kernel sandbox here: a seatbelt, not
 * a boundary); none: the run was not guarded (Run Now, `runlens` without --guard, the setting off).
 */
export interface SandboxInfo {
  kind: 'landlock' | 'audit-hook' | 'none';
  /** The Landlock ABI version the kernel offers (null when it has none, or was not asked). */
  landlockAbi: number | null;
}

/** "sandboxed by Landlock (ABI 7)", "guarded by the audit hook only", "not guarded". */
export function protectionText(sandbox: SandboxInfo): string {
  switch (sandbox.kind) {
    case 'landlock':
      return `sandboxed by Landlock${sandbox.landlockAbi ? ` (ABI ${sandbox.landlockAbi})` : ''}`;
    case 'audit-hook':
      return 'guarded by the audit hook only (no kernel sandbox)';
    case 'none':
      return 'not guarded';
  }
}
