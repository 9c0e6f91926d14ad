// A queryable view of one finished trace of one document version. Lines are 1-based trace lines.
import type { CallSample, FunctionRecord, LineRecord, LoopRecord, Sample, StatementStructure, Structure, Trace } from './types';
import { splitLines } from './lineMap';

export interface ReturnInfo {
  /** Value returned last in time from this line (a recursion's outermost call ends last). */
  last: string;
  /** How many calls returned here (the line's hit count). */
  count: number;
  exact: boolean;
  samples: CallSample[];
}

export class TraceIndex {
  readonly sourceLines: string[];
  /** The trace's functions, plus any `def` of the source the trace lacks (as never called). */
  readonly functions: FunctionRecord[];
  private readonly bindingStatements: StatementStructure[];
  private readonly statementByLine = new Map<number, StatementStructure>();
  private readonly loopByLine = new Map<number, LoopRecord>();
  private readonly functionByLine = new Map<number, FunctionRecord>();
  private readonly returnsByLine = new Map<number, { fn: FunctionRecord; sample: CallSample }[]>();

  constructor(readonly trace: Trace, readonly source: string, readonly version: number) {
    this.sourceLines = splitLines(source);
    this.bindingStatements = (trace.structure?.statements ?? []).filter((st) => st.binds.length > 0);
    for (const st of this.bindingStatements) {
      for (let l = st.line; l <= st.endLine; l++) if (!this.statementByLine.has(l)) this.statementByLine.set(l, st);
    }
    for (const loop of trace.loops) this.loopByLine.set(loop.line, loop);
    this.functions = [...trace.functions];
    if (!trace.syntaxError) {
      // Every def should be in the trace (calls: 0 when it never ran); fill in any the tracer left out.
      const known = new Set(trace.functions.map((f) => f.line));
      for (const fn of functionsInSource(this.sourceLines)) if (!known.has(fn.line)) this.functions.push(fn);
      this.functions.sort((a, b) => a.line - b.line);
    }
    for (const fn of this.functions) {
      this.functionByLine.set(fn.line, fn);
      for (const sample of fn.callSamples) {
        if (sample.returnLine == null || sample.return === undefined) continue;
        const list = this.returnsByLine.get(sample.returnLine) ?? [];
        list.push({ fn, sample });
        this.returnsByLine.set(sample.returnLine, list);
      }
    }
  }

  line(line: number): LineRecord | undefined {
    return this.trace.lines[String(line)];
  }

  /** Text of a traced line (1-based), '' past the end. */
  text(line: number): string {
    return this.sourceLines[line - 1] ?? '';
  }

  /** The statement (of those that bind names) covering a line. */
  statementAt(line: number): StatementStructure | undefined {
    return this.statementByLine.get(line);
  }

  /** Statements that bind names. */
  statements(): StatementStructure[] {
    return this.bindingStatements;
  }

  /** The file's structure (null when it did not parse). */
  get structure(): Structure | null {
    return this.trace.structure ?? null;
  }

  /** Lines that carry code: one of them without hits never ran. */
  get executableLines(): readonly number[] {
    return this.trace.structure?.executableLines ?? [];
  }

  loop(line: number): LoopRecord | undefined {
    return this.loopByLine.get(line);
  }

  /** The function whose `def` is on this line. */
  functionAtDef(line: number): FunctionRecord | undefined {
    return this.functionByLine.get(line);
  }

  /** The innermost function whose body spans this line (def line included). */
  functionContaining(line: number): FunctionRecord | undefined {
    let best: FunctionRecord | undefined;
    for (const fn of this.functions) {
      if (line >= fn.line && line <= fn.endLine && (!best || fn.line >= best.line)) best = fn;
    }
    return best;
  }

  /** What calls returned from a `return` line (matched by callSamples' returnLine). */
  returnsAt(line: number): ReturnInfo | undefined {
    const list = this.returnsByLine.get(line);
    if (!list || list.length === 0) return undefined;
    const ordered = [...list].sort((a, b) => a.sample.call - b.sample.call);
    const record = this.line(line);
    // Every call sampled: count the calls that returned here (a comprehension on the line would
    // inflate its hit count); otherwise the line's hits.
    const allSampled = list.every(({ fn }) => fn.callSamples.length >= fn.calls);
    const count = allSampled ? ordered.length : Math.max(record?.hits ?? 0, ordered.length);
    // The value shown is the one returned last in time (a recursion's outermost call ends last).
    const latest = list.reduce((a, b) => ((b.sample.returnOrder ?? b.sample.call) > (a.sample.returnOrder ?? a.sample.call) ? b : a));
    return {
      last: latest.sample.return!,
      count,
      exact: record?.exact ?? true,
      samples: ordered.map((r) => r.sample),
    };
  }

  /** Values of a line's first recorded execution and its last one (`final` when present). */
  firstAndLast(line: number): { first: Record<string, string>; last: Record<string, string> } | undefined {
    const record = this.line(line);
    if (!record || record.samples.length === 0) return undefined;
    const first = record.samples[0]!.values;
    const lastSample: Sample = record.samples[record.samples.length - 1]!;
    const last = record.final && Object.keys(record.final).length > 0 ? { ...lastSample.values, ...record.final } : lastSample.values;
    return { first, last };
  }

  /** The 1-based line where the uncaught exception was raised, if any. */
  get exceptionLine(): number | null {
    return this.trace.exception?.line ?? null;
  }
}

/** `def` statements found in the text (indentation-based ends), as never-called function records. */
export function functionsInSource(lines: readonly string[]): FunctionRecord[] {
  const found: FunctionRecord[] = [];
  let inString: string | null = null;
  lines.forEach((text, i) => {
    const quotes = text.match(/"""|'''/g) ?? [];
    const wasInString = inString !== null;
    for (const q of quotes) inString = inString === null ? q : inString === q ? null : inString;
    if (wasInString) return;
    const m = /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(text);
    if (!m) return;
    const indent = m[1]!.length;
    let end = i;
    for (let l = i + 1; l < lines.length; l++) {
      const t = lines[l]!;
      if (!t.trim()) continue;
      if (t.length - t.trimStart().length <= indent) break;
      end = l;
    }
    found.push({ name: m[2]!, line: i + 1, endLine: end + 1, calls: 0, exact: true, returns: [], callSamples: [], paths: [], pathsTruncated: false });
  });
  return found;
}
