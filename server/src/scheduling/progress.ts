// Work-done progress for runs that take a while: nothing for a run that ends within
// PROGRESS_AFTER_MS, else window/workDoneProgress/create, then begin … end. Only for clients that
// declare window.workDoneProgress.
import { WorkDoneProgressCreateRequest } from 'vscode-languageserver';
import type { Clock } from '../clock';
import type { LspClient } from '../lspClient';

/** Runs longer than this report `$/progress`. */
export const PROGRESS_AFTER_MS = 500;

export interface ProgressHandle {
  done(): void;
}

export class RunProgress {
  private tokens = 0;

  constructor(
    private readonly client: LspClient,
    private readonly clock: Clock,
    private readonly supported: () => boolean,
  ) {}

  start(message: string): ProgressHandle {
    if (!this.supported()) return { done() {} };
    const token = `runlens-run-${++this.tokens}`;
    let finished = false;
    let begun: Promise<boolean> | null = null;
    const timer = this.clock.after(PROGRESS_AFTER_MS, () => {
      begun = this.client.request(WorkDoneProgressCreateRequest.type, { token }).then(
        () => {
          // The run may have ended while the client created the token: begin and end at once.
          this.client.progress(token, { kind: 'begin', title: 'Runlens', message, cancellable: false });
          if (!finished) return true;
          this.client.progress(token, { kind: 'end' });
          return false;
        },
        () => false,
      );
    });
    return {
      done: () => {
        finished = true;
        timer.cancel();
        void begun?.then((open) => {
          if (open) this.client.progress(token, { kind: 'end' });
        });
      },
    };
  }
}
