// The client's half of Predict: checking a typed call and rendering predictions. Which function a
// line is in and the input's call template come from the server (test/unit/predictions.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CallPrediction } from '../../shared/protocol';
import { formatPrediction, outputHeader, validateCall } from '../../client/src/predict';

test('validateCall: a call with balanced brackets', () => {
  assert.equal(validateCall('area(2)'), null);
  assert.equal(validateCall('Shop().total([1, 2])'), null);
  assert.ok(validateCall(''));
  assert.ok(validateCall('area(2'));
  assert.ok(validateCall('area'));
});

describe('formatPrediction', () => {
  const base: CallPrediction = {
    kind: 'call', uri: 'file:///w/a.py', target: 'function', function: 'area', call: 'area(2)', needsCall: false, callTemplate: null, status: 'ok',
    returnValue: '12.566370614359172', output: 'hi\n', exception: null, path: '5', summary: 'area(2) → 12.566370614359172',
  };

  test('a returned value, its path and what it printed', () => {
    assert.equal(
      formatPrediction('a.py', base),
      '# Runlens prediction · a.py · area(2) · ok\n# → returned 12.566370614359172\n# → path 5\n# → printed:\nhi\n',
    );
  });

  test('an exception, and no output', () => {
    const text = formatPrediction('a.py', { ...base, status: 'exception', returnValue: null, output: '', exception: { type: 'ZeroDivisionError', message: 'division by zero', traceback: '' } });
    assert.match(text, /^# → raised ZeroDivisionError: division by zero$/m);
    assert.match(text, /^# → printed nothing$/m);
  });

  test('a file prediction and the output header', () => {
    const text = formatPrediction('a.py', { kind: 'file', uri: 'file:///w/a.py', version: 3, status: 'ok', output: 'x', summary: 'Ran in 3 ms · 1 line of output' });
    assert.equal(text, '# Runlens prediction · a.py · whole file · ok\n# → Ran in 3 ms · 1 line of output\n# → printed:\nx\n');
    assert.equal(outputHeader('examples/tour.py', 'finished in 42 ms', 'ok'), '# Runlens output · examples/tour.py · finished in 42 ms · ok');
  });
});
