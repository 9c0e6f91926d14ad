// The run layer (server/src/run/runTrace.ts) still imports the formatter from here; it moves to
// shared/duration.ts when the run layer is replaced.
export { formatDuration as duration } from '../../../shared/duration';
