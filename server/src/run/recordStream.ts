import { StringDecoder } from 'node:string_decoder';
import type { OutputChunk, Trace } from '../trace/types';

/** One record the tracer writes on its channel (fd 3), one JSON object per line. */
export type TracerRecord =
  | { type: 'start'; python: string; backend: Trace['backend'] }
  | ({ type: 'output' } & OutputChunk)
  | { type: 'snapshot'; trace: Trace }
  | { type: 'trace'; trace: Trace };

/** What has arrived so far on the channel; a killed run keeps everything up to its last record. */
export class RecordCollector {
  start: Extract<TracerRecord, { type: 'start' }> | null = null;
  snapshot: Trace | null = null;
  final: Trace | null = null;
  readonly output: OutputChunk[] = [];
  malformed = 0;
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly onOutput?: (chunk: OutputChunk) => void) {}

  push(data: Buffer | string): void {
    this.pending += typeof data === 'string' ? data : this.decoder.write(data);
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      if (line.trim()) this.accept(line);
    }
  }

  private accept(line: string): void {
    let record: TracerRecord;
    try {
      record = JSON.parse(line) as TracerRecord;
    } catch {
      this.malformed++;
      return;
    }
    switch (record.type) {
      case 'start':
        this.start = record;
        break;
      case 'output': {
        const chunk: OutputChunk = { stream: record.stream, text: record.text, line: record.line };
        this.output.push(chunk);
        this.onOutput?.(chunk);
        break;
      }
      case 'snapshot':
        this.snapshot = record.trace;
        break;
      case 'trace':
        this.final = record.trace;
        break;
    }
  }
}
