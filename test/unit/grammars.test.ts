// The TextMate grammars of the output and trace views. VS Code runs them with Oniguruma; these
// patterns stay inside the syntax JavaScript shares with it, so RegExp can check what they match.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';

function root(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'syntaxes'))) {
    if (dirname(dir) === dir) throw new Error('no syntaxes/ folder found');
    dir = dirname(dir);
  }
  return dir;
}

type Rule = { match?: string; begin?: string; end?: string; patterns?: Rule[]; captures?: Record<string, Rule>; include?: string; name?: string };
const load = (name: string) => JSON.parse(readFileSync(join(root(), 'syntaxes', name), 'utf8')) as { scopeName: string; patterns: Rule[]; repository: Record<string, Rule> };
const output = load('runlens-output.tmLanguage.json');
const trace = load('runlens-trace.tmLanguage.json');

function* rules(rule: Rule): Generator<Rule> {
  yield rule;
  for (const r of rule.patterns ?? []) yield* rules(r);
  for (const r of Object.values(rule.captures ?? {})) yield* rules(r);
}

function allRules(grammar: typeof output): Rule[] {
  return [...grammar.patterns, ...Object.values(grammar.repository)].flatMap((r) => [...rules(r)]);
}

function exec(grammar: typeof output, key: string, line: string): RegExpExecArray | null {
  return new RegExp(grammar.repository[key]!.match!).exec(line);
}

describe('grammars', () => {
  test('every pattern compiles and every include resolves', () => {
    for (const grammar of [output, trace]) {
      for (const rule of allRules(grammar)) {
        for (const source of [rule.match, rule.begin, rule.end]) if (source) assert.doesNotThrow(() => new RegExp(source), source);
        if (rule.include?.startsWith('#')) assert.ok(grammar.repository[rule.include.slice(1)], `${grammar.scopeName}: ${rule.include}`);
      }
    }
  });

  test('trace steps: line number, gutter, source and the values that changed', () => {
    const line = `  12 │ total += i${' '.repeat(30)}  total = 3, i = [1, 2]`;
    const m = exec(trace, 'step', line)!;
    assert.ok(m);
    assert.equal(m[2], '12');
    assert.equal(m[4], '│');
    assert.equal(m[6], 'total += i');
    assert.equal(m[8], 'total = 3, i = [1, 2]');
    const names = [...m[8]!.matchAll(new RegExp(trace.repository.pair!.match!, 'g'))].map((p) => p[1]);
    assert.deepEqual(names, ['total', 'i']);
    const bare = exec(trace, 'step', '   3 │ print(total)')!;
    assert.equal(bare[6], 'print(total)');
    assert.equal(bare[8], undefined);
    assert.equal(exec(trace, 'step', '   7 │ self.total = x    self.total = 4')![8], 'self.total = 4');
    assert.ok(exec(trace, 'header', '# tour.py · 120 steps'));
    assert.ok(exec(trace, 'elided', '   … │ (path truncated after 10000 steps)'));
  });

  test('output: header with status, prediction facts, notices, tracebacks', () => {
    const header = exec(output, 'header', '# Runlens output · examples/tour.py · finished in 42 ms · ok')!;
    assert.equal(header[5], 'ok');
    assert.equal(exec(output, 'header', '# Runlens output · a.py · raised ValueError at line 9 · exception')![7], 'exception');
    assert.equal(exec(output, 'fact', '# → returned 6')![4], '6');
    assert.equal(exec(output, 'fact', '# → raised ZeroDivisionError: division by zero')![6], 'ZeroDivisionError: division by zero');
    assert.ok(exec(output, 'notice', '[runlens] Stopped after 5 s at line 12 (time limit)'));
    const [heading, frame, caret, exception] = output.repository.traceback!.patterns!.map((r) => new RegExp(r.match!));
    assert.ok(heading!.test('Traceback (most recent call last):'));
    const f = frame!.exec('  File "/w/tour.py", line 9, in divide')!;
    assert.deepEqual([f[2], f[5], f[8]], ['"/w/tour.py"', '9', 'divide']);
    assert.ok(caret!.test('        ^^^^^'));
    assert.equal(exception!.exec('ValueError: bad input')![1], 'ValueError');
    assert.equal(exception!.exec('json.decoder.JSONDecodeError: x')![1], 'json.decoder.JSONDecodeError');
    assert.equal(exception!.exec('hello: world'), null, 'ordinary output is not an exception');
  });
});
