// Every Python construct, on every CPython 3.8–3.13 found on the machine: what the user will see
// (values, counts, returns, output) must be right on each of them.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { TraceIndex } from '../../server/src/trace/traceIndex';
import type { Trace } from '../../server/src/trace/types';
import { minorOf, supportedPythons } from '../helpers/pythons';
import { lineValues, py, traceSource, UNSAVED_PATH } from '../helpers/trace';

const pythons = supportedPythons();
const ran: string[] = [];
after(() => console.log(`tracer construct tests ran on CPython ${ran.join(', ')}`));

test('the machine has CPython 3.11 and one of 3.12/3.13', () => {
  const minors = pythons.map(minorOf);
  assert.ok(minors.includes(11), `found ${pythons.map((p) => p.version).join(', ') || 'none'}`);
  assert.ok(minors.includes(12) || minors.includes(13), `found ${pythons.map((p) => p.version).join(', ')}`);
});

function fn(trace: Trace, line: number) {
  const found = trace.functions.find((f) => f.line === line);
  assert.ok(found, `no function at line ${line}; functions: ${trace.functions.map((f) => `${f.name}@${f.line}`).join(', ')}`);
  return found;
}

function ok(trace: Trace) {
  assert.equal(trace.status, 'ok', `status ${trace.status}: ${trace.exception?.traceback ?? trace.stderr}`);
  return trace;
}

for (const python of pythons) {
  describe(`CPython ${python.version}`, () => {
    after(() => ran.push(python.version));
    const run = (source: string) => traceSource(python, source).then(ok);

    test('for loop with break, continue and else', async () => {
      const trace = await run(py`
        total = 0
        for i in range(10):
            if i == 7:
                break
            if i % 2:
                continue
            total += i
        else:
            total = -1
        print(total)
      `);
      assert.equal(trace.stdout, '12\n');
      const body = lineValues(trace, 7);
      assert.equal(body.hits, 4);
      assert.deepEqual(body.first, { total: '0' });
      assert.deepEqual(body.last, { total: '12' });
      assert.equal(lineValues(trace, 9).hits, 0, 'the else branch never ran');
      const loop = trace.loops.find((l) => l.line === 2);
      assert.deepEqual({ kind: loop?.kind, iterations: loop?.iterations }, { kind: 'for', iterations: 8 });
      assert.deepEqual(lineValues(trace, 2).first, { i: '0' });
      assert.deepEqual(lineValues(trace, 2).last, { i: '7' });
    });

    test('while loop with else', async () => {
      const trace = await run(py`
        n = 3
        while n > 0:
            n -= 1
        else:
            done = True
      `);
      assert.equal(lineValues(trace, 3).hits, 3);
      assert.deepEqual(lineValues(trace, 3).last, { n: '0' });
      assert.deepEqual(lineValues(trace, 5).last, { done: 'True' });
      assert.equal(trace.loops.find((l) => l.line === 2)?.iterations, 3);
    });

    test('nested and recursive functions', async () => {
      const trace = await run(py`
        def fact(n):
            if n <= 1:
                return 1
            return n * fact(n - 1)

        def outer(x):
            def inner(y):
                return y * 2
            return inner(x) + 1

        print(fact(5), outer(3))
      `);
      assert.equal(trace.stdout, '120 7\n');
      const fact = fn(trace, 1);
      assert.equal(fact.calls, 5);
      assert.ok(fact.returns.some((r) => r.repr === '120'));
      assert.deepEqual(fact.callSamples[0]?.args, { n: '5' });
      assert.equal(fn(trace, 7).calls, 1);
      assert.equal(fn(trace, 7).returns[0]?.repr, '6');
      assert.equal(fn(trace, 6).returns[0]?.repr, '7');
      assert.equal(fact.paths.length, 2, 'base case and recursive case');
    });

    test('generators', async () => {
      const trace = await run(py`
        def gen(n):
            for i in range(n):
                yield i * i

        squares = list(gen(4))
        print(squares)
      `);
      assert.equal(trace.stdout, '[0, 1, 4, 9]\n');
      assert.deepEqual(lineValues(trace, 5).last, { squares: '[0, 1, 4, 9]' });
      assert.equal(lineValues(trace, 3).hits, 4);
    });

    test('async functions', async () => {
      const trace = await run(py`
        import asyncio

        async def double(x):
            await asyncio.sleep(0)
            return x * 2

        async def main():
            result = await double(21)
            return result

        value = asyncio.run(main())
        print(value)
      `);
      assert.equal(trace.stdout, '42\n');
      assert.deepEqual(lineValues(trace, 8).last, { result: '42' });
      assert.deepEqual(lineValues(trace, 11).last, { value: '42' });
    });

    test('classes, methods, properties and decorators', async () => {
      const trace = await run(py`
        def shout(fn):
            def wrapper(*args):
                return fn(*args).upper()
            return wrapper

        class Greeter:
            def __init__(self, name):
                self.name = name

            @property
            def greeting(self):
                return "hello " + self.name

            @shout
            def loud(self):
                return self.greeting

        g = Greeter("ada")
        print(g.loud())
      `);
      assert.equal(trace.stdout, 'HELLO ADA\n');
      assert.deepEqual(lineValues(trace, 8).last, { 'self.name': "'ada'" });
      assert.equal(fn(trace, 15).calls, 1, 'a decorated function is found at its def line');
      assert.equal(fn(trace, 11).returns[0]?.repr, "'hello ada'");
      assert.equal(fn(trace, 2).returns[0]?.repr, "'HELLO ADA'");
    });

    test('comprehensions and lambdas', async () => {
      const trace = await run(py`
        nums = [3, 1, 2]
        doubled = [n * 2 for n in nums]
        by_neg = sorted(nums, key=lambda n: -n)
        evens = {n for n in range(10) if n % 2 == 0}
        print(doubled, by_neg, len(evens))
      `);
      assert.equal(trace.stdout, '[6, 2, 4] [3, 2, 1] 5\n');
      assert.deepEqual(lineValues(trace, 2).last, { doubled: '[6, 2, 4]' });
      assert.deepEqual(lineValues(trace, 3).last, { by_neg: '[3, 2, 1]' });
      const lambda = trace.functions.find((f) => f.name === '<lambda>');
      assert.equal(lambda?.calls, 3);
    });

    test('with statements', async () => {
      const trace = await run(py`
        class Resource:
            def __enter__(self):
                return "res"
            def __exit__(self, *exc):
                return False

        with Resource() as r:
            length = len(r)
        print(length)
      `);
      assert.equal(trace.stdout, '3\n');
      assert.deepEqual(lineValues(trace, 7).last, { r: "'res'" });
      assert.deepEqual(lineValues(trace, 8).last, { length: '3' });
    });

    test('try, except and finally', async () => {
      const trace = await run(py`
        def risky(x):
            try:
                result = 10 / x
            except ZeroDivisionError as err:
                result = None
                message = str(err)
            finally:
                done = True
            return result

        print(risky(2), risky(0))
      `);
      assert.equal(trace.stdout, '5.0 None\n');
      assert.deepEqual(fn(trace, 1).returns.map((r) => r.repr), ['5.0', 'None']);
      assert.deepEqual(lineValues(trace, 6).last, { message: "'division by zero'" });
      assert.equal(lineValues(trace, 8).hits, 2);
    });

    // match arrived in Python 3.10; older versions cannot even parse it.
    if (minorOf(python) >= 10) test('match statements', async () => {
      const trace = await run(py`
        def describe(point):
            match point:
                case (0, 0):
                    return "origin"
                case (x, 0):
                    return f"x={x}"
                case _:
                    return "other"

        print(describe((0, 0)), describe((3, 0)), describe((1, 1)))
      `);
      assert.equal(trace.stdout, 'origin x=3 other\n');
      assert.deepEqual(fn(trace, 1).returns.map((r) => r.repr), ["'origin'", "'x=3'", "'other'"]);
      assert.equal(fn(trace, 1).paths.length, 3);
    });

    test('global and nonlocal', async () => {
      const trace = await run(py`
        count = 0
        def bump():
            global count
            count += 1

        def counter():
            n = 0
            def inc():
                nonlocal n
                n += 1
                return n
            inc()
            return inc()

        bump(); bump()
        print(count, counter())
      `);
      assert.equal(trace.stdout, '2 2\n');
      assert.deepEqual(lineValues(trace, 4).first, { count: '1' });
      assert.deepEqual(lineValues(trace, 4).last, { count: '2' });
      assert.deepEqual(lineValues(trace, 10).last, { n: '2' });
    });

    test('the walrus operator', async () => {
      const trace = await run(py`
        data = [1, 2, 3, 4]
        if (n := len(data)) > 3:
            print(f"{n} items")
      `);
      assert.equal(trace.stdout, '4 items\n');
      assert.deepEqual(lineValues(trace, 2).last, { n: '4' });
    });

    test('multi-line statements', async () => {
      const trace = await run(py`
        total = sum([
            1,
            2,
            3,
        ])
        message = ("a"
                   "b")
        print(total, message)
      `);
      assert.equal(trace.stdout, '6 ab\n');
      assert.deepEqual(lineValues(trace, 1).last, { total: '6' });
      assert.deepEqual(trace.structure?.statements.find((s) => s.line === 1), { line: 1, endLine: 5, kind: 'Assign', binds: ['total'] });
      assert.deepEqual(lineValues(trace, 6).last, { message: "'ab'" });
    });

    test('the structure: statements, functions with parameters and doctests, classes', async () => {
      const trace = await run(py`
        """Module.

        >>> 1 + 1
        2
        """
        class Shop:
            def add(self, n: int, *rest, key: str = "x", **kw):
                """Add.

                >>> Shop().add(
                ...     3)
                'ok'
                """
                return "ok"

        def gen(a, /, b=2):
            yield a
        square = lambda q: q * q
      `);
      const structure = trace.structure!;
      assert.deepEqual(structure.classes, [{ name: 'Shop', line: 6, firstLine: 6, endLine: 14 }]);
      const add = structure.functions.find((f) => f.name === 'Shop.add')!;
      assert.deepEqual({ line: add.line, endLine: add.endLine, bodyLine: add.bodyLine, kind: add.kind, className: add.className },
        { line: 7, endLine: 14, bodyLine: 14, kind: 'function', className: 'Shop' });
      assert.deepEqual(add.params.map((p) => `${p.kind}:${p.name}${p.hasDefault ? '=' : ''}${p.annotation ? `:${p.annotation}` : ''}`),
        ['positional:self', 'positional:n:int', 'varargs:rest', 'keywordOnly:key=:str', 'varkw:kw']);
      assert.deepEqual(add.doctests, [{ line: 10, endLine: 11, source: 'Shop().add(\n    3)', want: "'ok'" }]);
      assert.deepEqual(structure.doctests.map((d) => [d.line, d.source, d.want]), [[3, '1 + 1', '2'], [10, 'Shop().add(\n    3)', "'ok'"]]);
      const gen = structure.functions.find((f) => f.name === 'gen')!;
      assert.deepEqual([gen.kind, gen.params.map((p) => p.kind)], ['generator', ['positionalOnly', 'positional']]);
      assert.equal(structure.functions.find((f) => f.kind === 'lambda')?.line, 18);
      assert.deepEqual(structure.statements.find((st) => st.line === 18), { line: 18, endLine: 18, kind: 'Assign', binds: ['square'] });
      assert.ok(structure.executableLines.includes(14));
    });

    test('unicode identifiers and strings', async () => {
      const trace = await run('größe = "naïve ☃"\nπ = 3.14159\nprint(größe, π)\n');
      assert.equal(trace.stdout, 'naïve ☃ 3.14159\n');
      assert.deepEqual(lineValues(trace, 1).last, { größe: "'naïve ☃'" });
      assert.deepEqual(lineValues(trace, 2).last, { π: '3.14159' });
    });

    test('tab indentation', async () => {
      const trace = await run('def f(x):\n\ty = x + 1\n\treturn y\n\nprint(f(1))\n');
      assert.equal(trace.stdout, '2\n');
      assert.deepEqual(lineValues(trace, 2).last, { y: '2' });
    });

    test('CRLF line endings', async () => {
      const trace = await run('a = 1\r\nb = a + 1\r\nprint(b)\r\n');
      assert.equal(trace.stdout, '2\n');
      assert.deepEqual(lineValues(trace, 2).last, { b: '2' });
      assert.deepEqual(trace.path.lines, [1, 2, 3]);
    });

    test('mutating method calls show their receiver', async () => {
      const trace = await run(py`
        xs = []
        for v in range(3):
            xs.append(v * 10)
        xs.sort(reverse=True)
      `);
      assert.deepEqual(lineValues(trace, 3).last, { xs: '[0, 10, 20]' });
      assert.deepEqual(lineValues(trace, 4).last, { xs: '[20, 10, 0]' });
    });

    test('script mode runs the text as __main__ with __file__, sys.path[0] and argv; call mode imports it', async () => {
      const source = py`
        import os, sys
        def where():
            return __name__
        print(__name__, __file__, sys.path[0] == os.path.dirname(__file__), sys.argv[1:])
      `;
      const script = await traceSource(python, source, { argv: ['--flag', 'x'] }).then(ok);
      assert.equal(script.stdout, `__main__ ${UNSAVED_PATH} True ['--flag', 'x']\n`);
      const call = await traceSource(python, source, { call: 'where()' }).then(ok);
      assert.deepEqual(call.result, { repr: "'program'", truncated: false });
    });

    test('a function called more often than the cap still shows its outermost result', async () => {
      const source = py`
        def fib(n):
            if n < 2:
                return n
            return fib(n - 1) + fib(n - 2)

        print(fib(20))
      `;
      const trace = await run(source);
      assert.equal(trace.stdout, '6765\n');
      const fib = fn(trace, 1);
      if (fib.exact) assert.equal(fib.calls, 21891);
      else assert.ok(fib.calls >= 10_000, `${fib.calls} calls`);
      assert.equal(new TraceIndex(trace, source, 1).returnsAt(4)?.last, '6765', 'the call that returned last is the outermost');
    });

    test('the last samples of a line are its last recorded executions, even when some raised', async () => {
      const trace = await run(py`
        for i in range(8):
            try:
                v = 10 // (i % 3)
            except ZeroDivisionError:
                pass
      `);
      const samples = trace.lines['3']?.samples ?? [];
      assert.deepEqual(samples.map((s) => [s.hit, s.values.v]), [[2, '10'], [3, '5'], [5, '10'], [6, '5'], [8, '10']],
        'executions 1, 4 and 7 raised: the first three are 2 and 3, the last three 5, 6 and 8');
    });

    test('a generator started more often than the call cap counts one call per start', async () => {
      const trace = await traceSource(python, py`
        def numbers():
            yield 1
            yield 2

        total = 0
        for _ in range(60):
            for n in numbers():
                total += n
        print(total)
      `, { limits: { maxLineHits: 20 } }).then(ok);
      assert.equal(trace.stdout, '180\n');
      assert.equal(fn(trace, 1).calls, 60);
    });

    test('a hot loop stays bounded and still shows its final values', async () => {
      const trace = await run(py`
        def work(n):
            total = 0
            for i in range(n):
                total += i
            return total

        print(work(400_000))
      `);
      assert.equal(trace.stdout, `${(400_000 * 399_999) / 2}\n`);
      const body = lineValues(trace, 4);
      assert.equal(body.exact, false, 'a 400,000-iteration line is past the caps, so its count is a lower bound');
      assert.deepEqual(body.last, { total: String((400_000 * 399_999) / 2) });
      assert.equal(fn(trace, 1).returns[0]?.repr, String((400_000 * 399_999) / 2));
    });
  });
}
