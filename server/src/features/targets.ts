// What a code action or a prediction is about at a line of the current text, read from the file's
// structure in the latest trace (the tracer's own parse), never from the text: the function around
// the line, a doctest example on it, an expression statement on it. A line the latest trace cannot
// speak for (nothing ran yet, the line changed since, the file did not parse) has no target, and
// structureGap says why instead of guessing.
import type { CallTemplate } from '../../../shared/protocol';
import type { DoctestExample, FunctionStructure } from '../trace/types';
import { spanToCurrent, toCurrent, toTraced, type TraceView } from './traceView';

export interface FunctionTarget {
  fn: FunctionStructure;
  /** Current 0-based line of its `def`. */
  defLine: number;
}

/** Something that can be evaluated for "Insert predicted output": its source and its current lines. */
export interface ExpressionTarget {
  source: string;
  /** Current 0-based lines the comment goes after (the last one). */
  line: number;
  endLine: number;
}

/** Why the latest trace cannot say what is at this current 0-based line; null when it can. */
export function structureGap(view: TraceView | null, line: number): string | null {
  if (!view) return 'Runlens has not run this file yet, so it does not know its functions: run it first.';
  if (!view.index.structure) return 'The last run could not read the file\'s structure (does it parse?).';
  if (toTraced(view, line) === null) return `Line ${line + 1} changed since the last run; Runlens knows what it is after the next run.`;
  return null;
}

/** The innermost function (def, not lambda) around a current line, when its def line is unchanged. */
export function functionAt(view: TraceView | null, line: number): FunctionTarget | null {
  const traced = view ? toTraced(view, line) : null;
  if (!view || traced === null) return null;
  const fn = view.index.definitionContaining(traced);
  const defLine = fn ? toCurrent(view, fn.line) : null;
  return fn && defLine !== null ? { fn, defLine } : null;
}

/** The doctest example written on a current line (its `>>>` line or a `...` line), all of it unchanged. */
export function doctestAt(view: TraceView | null, line: number): ExpressionTarget | null {
  const traced = view ? toTraced(view, line) : null;
  if (!view || traced === null) return null;
  const example = view.index.structure?.doctests.find((d) => traced >= d.line && traced <= d.endLine);
  const span = example ? spanToCurrent(view, example.line, example.endLine) : null;
  return example && span ? { source: example.source, line: span.line, endLine: span.endLine } : null;
}

/** The expression statement (not a docstring) covering a current line, all of it unchanged, with its text as traced. */
export function expressionAt(view: TraceView | null, line: number): ExpressionTarget | null {
  const traced = view ? toTraced(view, line) : null;
  if (!view || traced === null) return null;
  const st = view.index.statementCovering(traced);
  if (!st || st.kind !== 'Expr' || view.index.isDocstring(st)) return null;
  const span = spanToCurrent(view, st.line, st.endLine);
  if (!span) return null;
  const lines: string[] = [];
  for (let l = st.line; l <= st.endLine; l++) lines.push(view.index.text(l));
  return { source: lines.join('\n').trim(), line: span.line, endLine: span.endLine };
}

/**
 * The call to predict for a function: the first doctest example of its own docstring that calls it,
 * else the first one elsewhere in the file that does (examples changed since the run do not count).
 */
export function doctestCallFor(view: TraceView, fn: FunctionStructure): string | null {
  const calls = callPattern(fn);
  const usable = (d: DoctestExample) => calls.test(d.source) && spanToCurrent(view, d.line, d.endLine) !== null;
  const found = fn.doctests.find(usable) ?? view.index.structure?.doctests.find(usable);
  return found ? found.source : null;
}

/** The function's name without its classes: "add" for "Shop.add". */
export function simpleName(fn: FunctionStructure): string {
  return fn.className ? fn.name.slice(fn.className.length + 1) : fn.name;
}

/**
 * A call of the function to start the Predict input from: `f(a, b)`, `Shop().add(n)` for a method,
 * `Shop.make(n)` for one whose first parameter is `cls` (or that has no self). Parameters with
 * defaults, *args and **kwargs are left out; keyword-only ones are passed by name. The arguments
 * are selected.
 */
export function callTemplate(fn: FunctionStructure): CallTemplate {
  let params = fn.params;
  let receiver = '';
  if (fn.className) {
    const first = params[0];
    const bound = first && (first.kind === 'positional' || first.kind === 'positionalOnly') && (first.name === 'self' || first.name === 'cls') ? first : null;
    if (bound) params = params.slice(1);
    receiver = bound?.name === 'self' ? `${fn.className}().` : `${fn.className}.`;
  }
  const args = params
    .filter((p) => !p.hasDefault && p.kind !== 'varargs' && p.kind !== 'varkw')
    .map((p) => (p.kind === 'keywordOnly' ? `${p.name}=${p.name}` : p.name))
    .join(', ');
  const head = `${receiver}${simpleName(fn)}(`;
  return { text: `${head}${args})`, selection: [head.length, head.length + args.length] };
}

/** `f(` not preceded by a name character or a dot; for a method, `.add(`. */
function callPattern(fn: FunctionStructure): RegExp {
  const name = simpleName(fn).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return fn.className ? new RegExp(`\\.${name}\\s*\\(`) : new RegExp(`(^|[^\\w.])${name}\\s*\\(`);
}
