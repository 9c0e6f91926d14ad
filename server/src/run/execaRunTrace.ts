import { createRunTrace } from './runTrace';
import { spawnWithExeca } from './spawnExeca';

/** Runs for the language server and the tests, spawned with execa. */
export const runTrace = createRunTrace(spawnWithExeca);
