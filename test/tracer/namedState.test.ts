// The tracer keeps its state in named records (docs/tracer-internals.md, "The named state"): every
// __slots__ entry says what it holds, and no record is a list or tuple read by slot numbers.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { tracerScriptPath } from '../../server/src/run/tracerScript';

const packageDir = join(dirname(tracerScriptPath()), 'runlens');
const modules = readdirSync(packageDir).filter((name) => name.endsWith('.py'))
  .map((name) => ({ name, text: readFileSync(join(packageDir, name), 'utf8') }));

test('every __slots__ entry of the tracer is documented where it is declared', () => {
  const undocumented: string[] = [];
  for (const { name, text } of modules) {
    for (const match of text.matchAll(/__slots__ = .*\S.*$/gm)) {
      if (!/__slots__ = \($/.test(match[0])) undocumented.push(`${name}: ${match[0].trim()} (one slot a line, each with a comment)`);
    }
    for (const match of text.matchAll(/__slots__ = \(\n([\s\S]*?)\n\s*\)/g)) {
      for (const line of match[1]!.split('\n')) {
        if (/^\s*"\w+",/.test(line) && !line.includes('#')) undocumented.push(`${name}: ${line.trim()}`);
      }
    }
  }
  assert.ok(modules.some((m) => m.text.includes('__slots__')), 'found the tracer package');
  assert.deepEqual(undocumented, []);
});

test('no tracer state is read by slot numbers', () => {
  const slotNumbers: string[] = [];
  for (const { name, text } of modules) {
    // `S_CODE, S_PEND, ... = range(12)`: names for positions in a list used as a record
    for (const match of text.matchAll(/^\s*[A-Z_]+(?:\s*,\s*[A-Z_]+)+\s*=\s*range\(\d+\)/gm)) slotNumbers.push(`${name}: ${match[0].trim()}`);
  }
  assert.deepEqual(slotNumbers, []);
});
