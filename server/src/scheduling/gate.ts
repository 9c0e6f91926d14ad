// Whether anything may run: not while the workspace is untrusted, runs are paused or the server is
// shutting down. Also what runlens/serverState says about it.
import type { PythonInfo, ServerStateParams } from '../../../shared/protocol';

export class RunGate {
  trusted = true;
  paused = false;
  down = false;

  get open(): boolean {
    return this.trusted && !this.paused && !this.down;
  }

  /** Why runs are stopped, as the reason of a cancelled run. */
  get closedBecause(): string {
    if (this.down) return 'the server is shutting down';
    if (!this.trusted) return 'the workspace is not trusted';
    return 'runs are paused';
  }

  state(python: PythonInfo | null, pythonFailure: string): ServerStateParams {
    if (!this.trusted) return { state: 'untrusted', python, message: 'Runlens does not run code in an untrusted workspace.' };
    if (this.paused) return { state: 'paused', python, message: 'Runs are paused.' };
    if (pythonFailure) return { state: 'noPython', python, message: pythonFailure };
    return { state: 'ready', python, message: '' };
  }
}
