// The tracer's real output matches the one schema of the format (server/src/run/recordSchema.ts,
// which the run layer checks every record with), for every status.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { supportedPythons } from '../helpers/pythons';
import { traceSource } from '../helpers/trace';
import { traceProblem } from '../../server/src/run/recordSchema';

const programs: Record<string, { source: string; call?: string; timeoutMs?: number }> = {
  ok: { source: 'def f(x):\n    y = x * 2\n    return y\n\nfor i in range(3):\n    print(f(i))\n' },
  exception: { source: 'def f():\n    return 1 / 0\n\nf()\n' },
  exit: { source: 'import sys\nsys.exit(4)\n' },
  timeout: { source: 'while True:\n    pass\n', timeoutMs: 500 },
  'syntax-error': { source: 'def f(:\n' },
  call: { source: 'def f(a, b):\n    return [a] * b\n', call: 'f(1, 3)' },
};

for (const python of supportedPythons()) {
  describe(`trace format on CPython ${python.version}`, () => {
    for (const [name, program] of Object.entries(programs)) {
      test(`a ${name} run matches the documented types`, async () => {
        const trace = await traceSource(python, program.source, {
          call: program.call ?? null,
          limits: program.timeoutMs ? { timeoutMs: program.timeoutMs } : {},
        });
        assert.equal(traceProblem(trace), null);
        assert.equal(trace.python, python.version);
        if (name !== 'call') assert.equal(trace.status, name);
        else assert.deepEqual(trace.result, { repr: '[1, 1, 1]', truncated: false });
      });
    }
  });
}
