import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CallPrediction } from '../../shared/protocol';
import { callTemplate, enclosingFunction, formatPrediction, outputHeader, validateCall } from '../../client/src/predict';

const source = `import math

def area(r, *, precise=False):
    """Area of a circle."""
    return math.pi * r * r

class Shop:
    def total(self, prices: list[int], tax=0.2):
        s = sum(prices)
        return s * (1 + tax)

def outer(x):
    def inner(y):
        return y + 1
    return inner(x)

print(area(2))
`.split('\n');

describe('enclosingFunction', () => {
  test('finds the innermost function around the cursor, with its class and parameters', () => {
    assert.equal(enclosingFunction(source, 0), null);
    assert.equal(enclosingFunction(source, 16), null, 'module-level code after the functions');
    const area = enclosingFunction(source, 4)!;
    assert.deepEqual({ name: area.name, line: area.line, endLine: area.endLine, params: area.params }, { name: 'area', line: 2, endLine: 4, params: ['r', 'precise'] });
    const total = enclosingFunction(source, 8)!;
    assert.deepEqual(total.classes, ['Shop']);
    assert.deepEqual(total.params, ['prices', 'tax']);
    assert.equal(enclosingFunction(source, 13)!.name, 'inner');
    assert.equal(enclosingFunction(source, 14)!.name, 'outer');
  });

  test('the input box template calls the function (a method on an instance)', () => {
    const total = callTemplate(enclosingFunction(source, 8)!);
    assert.equal(total.text, 'Shop().total(prices, tax)');
    assert.equal(total.text.slice(...total.selection), 'prices, tax');
  });

  test('validateCall', () => {
    assert.equal(validateCall('area(2)'), null);
    assert.ok(validateCall(''));
    assert.ok(validateCall('area(2'));
    assert.ok(validateCall('area'));
  });
});

describe('formatPrediction', () => {
  const base: CallPrediction = {
    kind: 'call', uri: 'file:///w/a.py', function: 'area', call: 'area(2)', needsCall: false, status: 'ok',
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
