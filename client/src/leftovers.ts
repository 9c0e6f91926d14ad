// A server that dies (killed, or stopped and then killed) cannot end its runs: their processes are in
// sessions of their own and outlive it. Every process the server starts inherits RUNLENS_SERVER_ID,
// set by the client for its server; when that server is gone, the client ends what is left of it,
// reading /proc (Linux; elsewhere the runs end at their own time limit). No `vscode` import.
import { processesWithEntry } from '../../shared/processEnvironment';

export const SERVER_ID_VARIABLE = 'RUNLENS_SERVER_ID';

/** Rounds of looking: a process forked while the previous round was killing is found by the next one. */
const ROUNDS = 10;

/** SIGKILL every process (but this one) whose environment carries RUNLENS_SERVER_ID=`serverId`; returns how many. */
export function killServerLeftovers(serverId: string): number {
  if (process.platform !== 'linux') return 0;
  const killed = new Set<number>();
  for (let round = 0; round < ROUNDS; round++) {
    const found = processesWithEntry(SERVER_ID_VARIABLE, serverId).filter((pid) => !killed.has(pid) && pid !== process.pid);
    if (found.length === 0) break;
    for (const pid of found) {
      killed.add(pid);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }
  return killed.size;
}
