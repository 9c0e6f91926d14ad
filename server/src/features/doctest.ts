// Finding calls to predict: doctest examples (`>>> f(3)`) and bare expression statements.

const KEYWORDS = new Set([
  'def', 'class', 'if', 'elif', 'else', 'for', 'while', 'return', 'import', 'from', 'with', 'try', 'except',
  'finally', 'raise', 'assert', 'pass', 'break', 'continue', 'del', 'global', 'nonlocal', 'async', 'lambda',
  'yield', 'not', 'True', 'False', 'None',
]);

/** The expression of a doctest line (`>>> f(3)` → `f(3)`), or null. */
export function doctestExpression(lineText: string): string | null {
  const m = /^\s*(?:#\s*)?>>>\s+(.+?)\s*$/.exec(lineText);
  return m ? stripComment(m[1]!) : null;
}

/** Doctest calls of function `name` found in the given lines: `>>> name(...)`. */
export function doctestCalls(lines: readonly string[], name: string): string[] {
  const calls: string[] = [];
  for (const line of lines) {
    const expr = doctestExpression(line);
    if (expr && new RegExp(`(^|[^\\w.])${escapeRegExp(name)}\\s*\\(`).test(expr)) calls.push(expr);
  }
  return calls;
}

/**
 * The expression of a line that is a bare expression statement (`f(3)`, `x + 1`), or null. A
 * heuristic on the text: no assignment, no statement keyword, no block opener, not a string.
 */
export function bareExpression(lineText: string): string | null {
  const text = stripComment(lineText).trim();
  if (!text || text.endsWith(':') || text.endsWith('\\') || /^[rbfu]*['"]/i.test(text)) return null;
  const word = /^[A-Za-z_]\w*/.exec(text)?.[0];
  if (word && KEYWORDS.has(word)) return null;
  if (/^[)\]}]/.test(text) || /[([{,]$/.test(text)) return null;
  if (hasTopLevelAssignment(text)) return null;
  return text;
}

/** Index and character of every character of a line of code outside string literals. */
function* codeChars(text: string): Generator<[number, string]> {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else yield [i, c];
  }
}

function hasTopLevelAssignment(text: string): boolean {
  let depth = 0;
  let comparison = -1; // index of the second '=' of '=='
  for (const [i, c] of codeChars(text)) {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === '=' && depth === 0 && i !== comparison) {
      if (text[i + 1] === '=') comparison = i + 1;
      else if (!'=!<>'.includes(text[i - 1] ?? '')) return true; // =, +=, -=, :=, ... at top level
    }
  }
  return false;
}

function stripComment(text: string): string {
  for (const [i, c] of codeChars(text)) if (c === '#') return text.slice(0, i).trimEnd();
  return text;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `# → value` comment text appended to a line (replacing an earlier prediction comment). */
export function predictionComment(lineText: string, value: string): { start: number; text: string } {
  const existing = /\s*# → .*$/.exec(lineText);
  const start = existing ? existing.index : lineText.trimEnd().length;
  return { start, text: `  # → ${value.replace(/\r?\n/g, ' ')}` };
}
