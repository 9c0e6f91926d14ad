// When the tracer itself cannot do its job (a broken config, a file it cannot read), it still ends
// with exactly one complete trace that says why: the run layer checks every record, and a partial
// one would be an error of its own. Runs on every supported CPython found.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Trace, TraceLimits } from '../../server/src/trace/types';
import { supportedPythons } from '../helpers/pythons';
import { traceSource, tracerRecords } from '../helpers/trace';
import { traceProblem } from '../../server/src/run/recordSchema';

const entry = join(tmpdir(), 'runlens-unsaved', 'program.py');
const planWith = (limits: Partial<TraceLimits>) =>
  ({ mode: 'script', entry, call: null, traced: [entry], texts: { [entry]: 'x = 1\n' }, cwd: tmpdir(), argv: [], guard: false, limits });

function theOneTrace(records: { type: string; trace?: Trace }[]): Trace {
  assert.equal(records[0]?.type, 'start', 'the start record comes first');
  const finals = records.filter((r) => r.type === 'trace');
  assert.equal(finals.length, 1, `exactly one final trace, got ${records.map((r) => r.type).join(', ')}`);
  const trace = finals[0]!.trace!;
  assert.equal(traceProblem(trace), null, 'every field of the trace is there, with its type');
  return trace;
}

for (const python of supportedPythons()) {
  describe(`the tracer's own failures on CPython ${python.version}`, () => {
    let limits: TraceLimits; // every limit, as the run layer sends them
    before(async () => {
      limits = (await traceSource(python, 'pass\n')).limits;
    });

    test('a config without some limits ends with a complete trace naming each missing one', async () => {
      const { maxEvents: _events, samples: _samples, ...someLimits } = limits;
      const trace = theOneTrace(await tracerRecords(python, JSON.stringify(planWith(someLimits))));
      assert.equal(trace.status, 'killed');
      assert.deepEqual(trace.tracerErrors, ['config: limits.samples is missing', 'config: limits.maxEvents is missing']);
      assert.equal(trace.limits.timeoutMs, limits.timeoutMs, 'the limits that were given are shown');
      assert.deepEqual(trace.lines, {}, 'nothing ran');
    });

    test('a limit that is not a positive number is named too', async () => {
      const trace = theOneTrace(await tracerRecords(python, JSON.stringify(planWith({ ...limits, timeoutMs: 0 }))));
      assert.equal(trace.status, 'killed');
      assert.deepEqual(trace.tracerErrors, ['config: limits.timeoutMs must be a positive number (got 0)']);
    });

    test('a config that is not JSON ends with a complete trace saying so', async () => {
      const trace = theOneTrace(await tracerRecords(python, '{"mode": "script", '));
      assert.equal(trace.status, 'killed');
      assert.match(trace.tracerErrors.join('\n'), /^config: not a JSON document/);
    });

    test('a tracer failure (an entry file it cannot read) ends with a complete trace saying so', async () => {
      const missing = join(tmpdir(), 'runlens-no-such-folder', 'gone.py');
      const trace = theOneTrace(await tracerRecords(python, JSON.stringify({ ...planWith(limits), entry: missing, traced: [missing], texts: {} })));
      assert.equal(trace.status, 'killed');
      assert.match(trace.tracerErrors.join('\n'), /^tracer: FileNotFoundError: .*gone\.py/);
      assert.deepEqual(trace.limits, limits);
    });
  });
}
