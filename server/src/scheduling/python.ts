// Which Python runs documents: runlens.pythonPath, else the interpreter the client chose, else the
// usual candidates. Resolved once and kept until the setting changes; a failure is remembered (for
// runlens/serverState) and tried again on the next run.
import type { PythonInfo } from '../../../shared/protocol';
import type { PythonCandidate } from '../run/interpreter';
import type { PythonInterpreter } from '../run/interpreter';

export interface PythonDeps {
  resolvePython(candidates: PythonCandidate[]): Promise<PythonInterpreter>;
  /** Candidates for an explicit choice (settings or client), followed by the usual ones. */
  candidates(explicit: PythonCandidate | null): PythonCandidate[];
  /** runlens.pythonPath as it is now. */
  settingPath(): string;
  /** The resolved interpreter or the failure changed (for runlens/serverState). */
  onChange(): void;
  onError(message: string): void;
}

export class PythonChoice {
  private clientPath = '';
  private clientSource = 'client';
  private pending: Promise<PythonInterpreter | null> | null = null;
  private resolved: PythonInterpreter | null = null;
  /** Why no interpreter could be used ('' when one was, or nothing was tried yet). */
  failure = '';

  constructor(private readonly deps: PythonDeps) {}

  /** The interpreter the client chose (initializationOptions.pythonPath). */
  setClientChoice(path: string, source: string): void {
    this.clientPath = path;
    this.clientSource = source || 'client';
  }

  get info(): PythonInfo | null {
    return this.resolved ? { ...this.resolved } : null;
  }

  /** Forget the resolved interpreter (runlens.pythonPath changed). */
  reset(): void {
    this.pending = null;
    this.resolved = null;
    this.failure = '';
  }

  resolve(): Promise<PythonInterpreter | null> {
    if (this.pending) return this.pending;
    const setting = this.deps.settingPath();
    const explicit: PythonCandidate | null = setting
      ? { path: setting, source: 'runlens.pythonPath' }
      : this.clientPath ? { path: this.clientPath, source: this.clientSource } : null;
    const pending = this.deps.resolvePython(this.deps.candidates(explicit)).then(
      (python) => {
        this.resolved = python;
        this.failure = '';
        this.deps.onChange();
        return python;
      },
      (error: unknown) => {
        this.resolved = null;
        this.failure = error instanceof Error ? error.message : String(error);
        this.deps.onError(this.failure);
        this.deps.onChange();
        if (this.pending === pending) this.pending = null; // try again on the next run
        return null;
      },
    );
    this.pending = pending;
    return pending;
  }
}
