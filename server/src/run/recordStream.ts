import { StringDecoder } from 'node:string_decoder';
import type { OutputChunk, Trace } from '../trace/types';
import { parseRecord, type TracerRecord } from './recordSchema';

/**
 * What has arrived so far on the channel, every record checked against the schema; a killed run
 * keeps everything up to its last record. The first record that fails the schema is kept as
 * `problem`, and nothing after it is trusted.
 *
 * Only the tracer process's own records say how the run went: a process the program forked
 * inherits fd 3, and would otherwise replace the run's trace with its own. A `start`, `snapshot`,
 * `trace` or failure report whose `pid` is not the tracer's is ignored, and a `trace` counts only
 * after the `start`. Output records count from any process: what a forked child prints is the
 * program's output.
 */
export class RecordCollector {
  start: Extract<TracerRecord, { type: 'start' }> | null = null;
  snapshot: Trace | null = null;
  final: Trace | null = null;
  /** The tracer's own failure report (what went wrong inside it). */
  failure: string[] | null = null;
  /** What was wrong with the first malformed record. */
  problem: string | null = null;
  readonly output: OutputChunk[] = [];
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');

  /** Records ignored because another process than the tracer wrote them (or a trace came before any start). */
  foreign = 0;
  /** The tracer's pid, once it has started. */
  tracerPid: number | null = null;

  /** `onProblem` is called once, at the first malformed record. */
  constructor(private readonly handlers: { onOutput?: (chunk: OutputChunk) => void; onProblem?: (problem: string) => void } = {}) {}

  push(data: Buffer | string): void {
    if (this.problem) return;
    this.pending += typeof data === 'string' ? data : this.decoder.write(data);
    let newline: number;
    while (!this.problem && (newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      if (line.trim()) this.accept(line);
    }
  }

  private accept(line: string): void {
    const parsed = parseRecord(line);
    if (parsed.problem !== undefined) {
      this.problem = parsed.problem;
      this.handlers.onProblem?.(parsed.problem);
      return;
    }
    const record = parsed.record;
    if (record.type !== 'output' && !this.fromTracer(record.pid)) {
      this.foreign++;
      return;
    }
    switch (record.type) {
      case 'start':
        this.start ??= record;
        break;
      case 'output': {
        const chunk: OutputChunk = { stream: record.stream, text: record.text, line: record.line };
        this.output.push(chunk);
        this.handlers.onOutput?.(chunk);
        break;
      }
      case 'snapshot':
        if (this.start) this.snapshot = record.trace;
        break;
      case 'trace':
        if (this.start) this.final ??= record.trace;
        else this.foreign++;
        break;
      case 'failure':
        this.failure ??= record.messages;
        break;
    }
  }

  /** A record without a pid (from a tracer that does not send one) is taken as the tracer's. */
  private fromTracer(pid: number | undefined): boolean {
    return pid === undefined || this.tracerPid === null || pid === this.tracerPid;
  }
}
