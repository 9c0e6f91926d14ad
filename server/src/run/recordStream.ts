import { StringDecoder } from 'node:string_decoder';
import type { OutputChunk, Trace } from '../trace/types';
import { parseRecord, type TracerRecord } from './recordSchema';

/**
 * What has arrived so far on the channel, every record checked against the schema; a killed run
 * keeps everything up to its last record. The first record that fails the schema is kept as
 * `problem`, and nothing after it is trusted.
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
    switch (record.type) {
      case 'start':
        this.start = record;
        break;
      case 'output': {
        const chunk: OutputChunk = { stream: record.stream, text: record.text, line: record.line };
        this.output.push(chunk);
        this.handlers.onOutput?.(chunk);
        break;
      }
      case 'snapshot':
        this.snapshot = record.trace;
        break;
      case 'trace':
        this.final ??= record.trace;
        break;
      case 'failure':
        this.failure ??= record.messages;
        break;
    }
  }
}
