// A queryable view of one finished trace of one document version. Lines are 1-based trace lines.
import type { CallSample, FunctionRecord, FunctionStructure, LineRecord, LoopRecord, Sample, StatementStructure, Structure, Trace } from './types';
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
  /** The trace's functions, plus any function of the structure the trace lacks (as never called). */
  readonly functions: FunctionRecord[];
  private readonly definitions: FunctionStructure[];
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
    this.definitions = trace.structure?.functions ?? [];
    // Every function is in the trace (calls: 0 when it never ran), unless the run ended before the
    // tracer could list them: fill in the ones its structure knows.
    const known = new Set(trace.functions.map((f) => f.line));
    for (const fn of this.definitions) {
      if (known.has(fn.line)) continue;
      known.add(fn.line);
      this.functions.push({ name: fn.name, line: fn.line, endLine: fn.endLine, calls: 0, exact: true, returns: [], callSamples: [], paths: [], pathsTruncated: false });
    }
    this.functions.sort((a, b) => a.line - b.line);
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

  /**
   * The innermost named function (not a lambda) whose definition spans this line, decorators
   * included, from the file's structure; undefined at module level or without a structure.
   */
  definitionContaining(line: number): FunctionStructure | undefined {
    let best: FunctionStructure | undefined;
    for (const fn of this.definitions) {
      if (fn.kind === 'lambda' || line < fn.firstLine || line > fn.endLine) continue;
      if (!best || fn.firstLine >= best.firstLine) best = fn;
    }
    return best;
  }

  /** The statement (of any kind) whose lines include this one: the one that starts last, for nested ones. */
  statementCovering(line: number): StatementStructure | undefined {
    let best: StatementStructure | undefined;
    for (const st of this.trace.structure?.statements ?? []) {
      if (st.line > line) break;
      if (line <= st.endLine) best = st;
    }
    return best;
  }

  /** Is this statement a docstring: an expression statement that comes first in the module or in a def or class body? */
  isDocstring(st: StatementStructure): boolean {
    const statements = this.trace.structure?.statements ?? [];
    if (st.kind !== 'Expr') return false;
    const i = statements.indexOf(st);
    if (i === 0) return true;
    const before = statements[i - 1];
    if (!before || !['FunctionDef', 'AsyncFunctionDef', 'ClassDef'].includes(before.kind)) return false;
    const scope = before.kind === 'ClassDef'
      ? this.trace.structure?.classes.find((c) => c.line === before.line)
      : this.definitions.find((f) => f.line === before.line && f.kind !== 'lambda');
    return !!scope && st.line <= scope.endLine;
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
}
