// Expressions nested deeper than CPython's compiler likes: the tracer does what `python FILE` does
// with the same file on each version (runs it, or reports the same error, at the line), never
// fails on its own. Which of the programs each CPython compiles differs: 3.10-3.12 give up on a
// 3,000-term sum that 3.13 compiles; 3.8's parser cannot take 200 nested parentheses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { supportedPythons } from '../helpers/pythons';
import { lineValues, traceSource } from '../helpers/trace';
import { traceProblem } from '../../server/src/run/recordSchema';

const folder = mkdtempSync(join(tmpdir(), 'runlens-deep-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const sum = (terms: number) => Array.from({ length: terms }, () => '1').join(' + ');
const programs: Record<string, { expression: string; value: string }> = {
  'a 1,500-term sum': { expression: sum(1500), value: '1500' },
  'a 3,000-term sum': { expression: sum(3000), value: '3000' },
  'a 12,000-term sum': { expression: sum(12_000), value: '12000' },
  '200 nested parentheses': { expression: `${'('.repeat(200)}7${')'.repeat(200)}`, value: '7' },
};

for (const python of supportedPythons()) {
  describe(`deep expressions on CPython ${python.version}`, () => {
    for (const [name, { expression, value }] of Object.entries(programs)) {
      test(`${name}: as python FILE`, async () => {
        const source = `print("before")\nx = ${expression}\nprint("x is", x)\n`;
        const file = join(folder, `${name.replace(/\W+/g, '-')}-${python.version}.py`);
        writeFileSync(file, source);
        const plain = spawnSync(python.executable, [file], { encoding: 'utf8' });
        const trace = await traceSource(python, source);
        assert.equal(traceProblem(trace), null);
        assert.deepEqual(trace.tracerErrors, []);
        if (plain.status === 0) {
          assert.equal(trace.status, 'ok', trace.exception?.traceback ?? trace.stderr);
          assert.equal(trace.stdout, plain.stdout);
          assert.deepEqual(lineValues(trace, 2).last, { x: value }, 'the analysis still sees the assignment');
          assert.ok(trace.structure, 'and the structure');
        } else {
          const error = plain.stderr.trim().split('\n').at(-1)!;
          assert.equal(trace.status, 'exception');
          assert.equal(`${trace.exception?.type}${trace.exception?.message ? `: ${trace.exception.message}` : ''}`, error);
          assert.equal(trace.exception?.line, 2, 'at the deep line');
          assert.equal(trace.stderr, plain.stderr, 'what Python prints, nothing else');
          assert.equal(trace.stdout, '', 'nothing ran');
        }
      });
    }
  });
}
