// Conformance against programs and answers nobody on this project wrote (../shared/conformance,
// see its README). On CPython 3.11 every item must pass except the exclusions listed by id.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import type { Trace } from '../../server/src/trace/types';
import { pool, readJsonl, report, type Tally } from '../helpers/conformance';
import { python311 } from '../helpers/pythons';
import { traceSource } from '../helpers/trace';
import { EXCLUDED } from './exclusions';

const python = python311();
const CONCURRENCY = 3;
const PATH = join(tmpdir(), 'runlens-conformance', 'subject.py');

function tally(name: string): Tally {
  return { name, passed: 0, excluded: 0, failed: [] };
}

function check(t: Tally, id: string, why: string | null): void {
  if (EXCLUDED[t.name]?.[id]) t.excluded++;
  else if (why === null) t.passed++;
  else t.failed.push({ id, why });
}

function finish(t: Tally): void {
  console.log(report(t));
  assert.deepEqual(t.failed, [], `${t.failed.length} ${t.name} items failed`);
}

const callTrace = (code: string, call: string, timeoutMs = 10_000) =>
  traceSource(python, code, { path: PATH, call, limits: { timeoutMs } });

test('CRUXEval: result.repr equals the known output for all 400', async () => {
  const items = readJsonl<{ id: string; code: string; input: string; output: string }>('cruxeval.jsonl');
  const t = tally('cruxeval');
  await pool(items, CONCURRENCY, async (item) => {
    const trace = await callTrace(item.code, `f(${item.input})`);
    const shown = trace.result?.repr;
    check(t, item.id, shown === item.output ? null : `${trace.status}: got ${shown ?? trace.exception?.type}, expected ${item.output}`);
  });
  assert.equal(t.passed + t.failed.length + t.excluded, 400);
  finish(t);
});

/** CoCoNUT gives either a bare argument list or one parenthesised tuple of arguments. */
function coconutCall(entry: string, args: string): string {
  return (
    `(lambda a: ${entry}(*a) if type(a) is tuple and ` +
    `${entry}.__code__.co_argcount - len(${entry}.__defaults__ or ()) <= len(a) <= ${entry}.__code__.co_argcount ` +
    `else ${entry}(a))((${args}))`
  );
}

test('CoCoNUT: path.lines equals the executed lines', async () => {
  const items = readJsonl<{ task_id: string; entry_point: string; call_args: string; code: string; executed_lines: number[] }>(
    'coconut-humaneval-paths.jsonl',
  );
  const t = tally('coconut');
  await pool(items.map((item, index) => ({ ...item, id: `${item.task_id}#${index}` })), CONCURRENCY, async (item) => {
    const trace = await callTrace(item.code, coconutCall(item.entry_point, item.call_args));
    const got = trace.path.lines;
    const same = got.length === item.executed_lines.length && got.every((line, i) => line === item.executed_lines[i]);
    check(t, item.id, same ? null : `${trace.status} ${trace.exception?.type ?? ''}: got ${JSON.stringify(got).slice(0, 120)}, expected ${JSON.stringify(item.executed_lines).slice(0, 120)}`);
  });
  finish(t);
});

interface CodeMindItem {
  id: string;
  code: string;
  call: string;
  variables: Record<string, Record<string, unknown>>;
}

/** The values Runlens shows for a line: the last recorded execution, with final values over it. */
function shownValues(trace: Trace, line: number): Record<string, string> {
  const record = trace.lines[String(line)];
  if (!record || record.samples.length === 0) return {};
  return { ...record.samples[record.samples.length - 1]!.values, ...record.final };
}

for (const file of ['codemind-cruxeval-states.jsonl', 'codemind-humaneval-states.jsonl']) {
  test(`CodeMind (${file}): the values shown for a line agree with those after its last execution`, async () => {
    const items = readJsonl<CodeMindItem>(file);
    const t = tally('codemind');
    const comparisons: { key: string; shown: string; expected: unknown }[] = [];
    const compared = new Map<string, number>();
    await pool(items, CONCURRENCY, async (item) => {
      const trace = await callTrace(item.code, item.call.trim());
      let count = 0;
      for (const [line, expected] of Object.entries(item.variables)) {
        const shown = shownValues(trace, Number(line));
        for (const [name, value] of Object.entries(expected)) {
          if (!(name in shown)) continue;
          comparisons.push({ key: `${item.id}\t${line}\t${name}`, shown: shown[name]!, expected: value });
          count++;
        }
      }
      compared.set(item.id, count);
    });
    const { stdout } = await execa(python.executable, [resolve('test/conformance/normalize.py')], {
      input: JSON.stringify(comparisons),
    });
    const verdicts = JSON.parse(stdout) as Record<string, 'same' | 'different' | 'opaque'>;
    const problems = new Map<string, string[]>();
    for (const { key, shown, expected } of comparisons) {
      if (verdicts[key] === 'same') continue;
      const [id, line, name] = key.split('\t');
      const list = problems.get(id!) ?? [];
      list.push(`line ${line} ${name}: shown ${shown}, expected ${JSON.stringify(expected)} (${verdicts[key]})`);
      problems.set(id!, list);
    }
    for (const item of items) check(t, item.id, problems.has(item.id) ? problems.get(item.id)!.join('; ') : null);
    const total = [...compared.values()].reduce((a, b) => a + b, 0);
    console.log(`${file}: compared ${total} values on ${items.length} programs`);
    assert.ok(total > items.length, 'most programs have values to compare');
    finish(t);
  });
}

test('Avatar: stdin in, stdout out', async () => {
  const items = readJsonl<{ id: string; code: string; tests: { stdin: string; stdout: string }[] }>('avatar-stdin-stdout.jsonl');
  const t = tally('avatar');
  const cases = items.flatMap((item) => item.tests.map((io, index) => ({ id: `${item.id}#${index}`, code: item.code, ...io })));
  await pool(cases, CONCURRENCY, async (item) => {
    const trace = await traceSource(python, item.code, { path: PATH, stdin: item.stdin, limits: { timeoutMs: 20_000 } });
    const words = (text: string) => text.split(/\s+/).filter(Boolean);
    const same = JSON.stringify(words(trace.stdout)) === JSON.stringify(words(item.stdout));
    check(t, item.id, same ? null : `${trace.status} ${trace.exception?.type ?? ''}: got ${trace.stdout.slice(0, 80)}, expected ${item.stdout.slice(0, 80)}`);
  });
  finish(t);
});

test("CPython's settrace cases: line events", async () => {
  const items = readJsonl<{ case: string; source: string; function_name: string; expected_events: [number, string][] }>(
    'cpython-settrace-3.11.7.jsonl',
  );
  const t = tally('settrace');
  await pool(items, CONCURRENCY, async (item) => {
    const source = dedent(item.source);
    const trace = await callTrace(source, `${item.function_name}()`);
    const firstLine = 1;
    const got = trace.path.lines.map((line) => line - firstLine);
    const expected = item.expected_events.filter(([offset, event]) => event === 'line' && offset >= 0).map(([offset]) => offset);
    const same = JSON.stringify(got) === JSON.stringify(expected);
    check(t, item.case, same ? null : `${trace.status} ${trace.exception?.type ?? ''}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  });
  finish(t);
});

function dedent(text: string): string {
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}
