// The benchmark's programs: the fixed ones in bench/workloads/ and generated ones (a loop sized to a
// number of line events, a script of a given number of lines). Pure: returns text; nothing here
// touches the disk but `readWorkload`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const WORKLOAD_DIR = join(import.meta.dirname, '..', 'workloads');

/** The text of a fixed workload in bench/workloads/. */
export function readWorkload(file) {
  return readFileSync(join(WORKLOAD_DIR, file), 'utf8');
}

/**
 * A loop in a function that makes about `events` line events: `total = 0`, then the `for` line
 * (iterations + 1 times) and its body (iterations times), then `return`: 2 × iterations + 3.
 */
export function loopScript(events) {
  const iterations = Math.max(0, Math.round((events - 3) / 2));
  return [
    `# A loop of ${iterations.toLocaleString('en')} iterations: about ${events.toLocaleString('en')} line events.`,
    'def work(n):',
    '    total = 0',
    '    for i in range(n):',
    '        total += i * i % 7',
    '    return total',
    '',
    '',
    `print(work(${iterations}))`,
    '',
  ].join('\n');
}

/** Iterations of loopScript(events). */
export function loopIterations(events) {
  return Math.max(0, Math.round((events - 3) / 2));
}

/**
 * One section of a generated script (the `k`-th): a parser, a summary with a loop and a branch, a
 * small class, then straight-line code that uses them and folds its results into `checksum`.
 */
function section(k) {
  return [
    `# Section ${k}: parse some rows, summarise them, keep an account.`,
    `def parse_row_${k}(line):`,
    '    name, quantity, price = line.split(",")',
    '    return {"name": name.strip(), "quantity": int(quantity), "price": float(price)}',
    '',
    '',
    `def summarise_${k}(records, minimum):`,
    '    total = 0.0',
    '    count = 0',
    '    for record in records:',
    '        if record["quantity"] >= minimum:',
    '            total += record["quantity"] * record["price"]',
    '            count += 1',
    '    return round(total, 2), count',
    '',
    '',
    `class Account${k}:`,
    '    def __init__(self, owner):',
    '        self.owner = owner',
    '        self.balance = 0',
    '',
    '    def deposit(self, amount):',
    '        self.balance += amount',
    '        return self.balance',
    '',
    '',
    `rows_${k} = ["apple, 3, 0.5", "pear, ${(k % 7) + 1}, 1.25", "fig, 1, 2.0", "kiwi, ${k % 5}, 0.8"]`,
    `records_${k} = [parse_row_${k}(row) for row in rows_${k}]`,
    `total_${k}, count_${k} = summarise_${k}(records_${k}, minimum=2)`,
    `account_${k} = Account${k}("user${k}")`,
    'for step in range(3):',
    `    account_${k}.deposit(step + ${k % 10})`,
    `label_${k} = f"{account_${k}.owner}: {total_${k}:.2f} over {count_${k}}"`,
    `squares_${k} = {i: i * i for i in range(4)}`,
    `checksum = (checksum + int(total_${k} * 100) + account_${k}.balance + len(label_${k}) + sum(squares_${k}.values())) % 1_000_003`,
    '',
    '',
  ];
}

/** The filler used to reach an exact line count: straight-line statements, one per line. */
function filler(i) {
  return `checksum = (checksum * 31 + ${i}) % 1_000_003`;
}

/**
 * A realistic script of exactly `lines` lines (≥ 4): functions, loops, a class and straight-line
 * code in repeated sections, each different, that prints one checksum at the end.
 */
export function generatedScript(lines) {
  if (lines < 4) throw new Error(`a generated script has at least 4 lines, not ${lines}`);
  const head = [`# A generated ${lines.toLocaleString('en')}-line script: functions, loops and straight-line code.`, 'checksum = 0', ''];
  const tail = ['print("checksum", checksum)'];
  const body = [];
  for (let k = 0; ; k++) {
    const next = section(k);
    if (head.length + body.length + next.length + tail.length > lines) break;
    body.push(...next);
  }
  for (let i = 0; head.length + body.length + tail.length < lines; i++) body.push(filler(i));
  return `${[...head, ...body, ...tail].join('\n')}\n`;
}

/** Lines of a source text (a final newline ends the last line, it does not start one). */
export function lineCount(text) {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** A run that lasts `seconds` in a loop that keeps the tracer busy (the "other document" for hover). */
export function busyScript(seconds) {
  return [
    `# Runs for ${seconds} s in a loop.`,
    'import time',
    '',
    'end = time.monotonic() + ' + String(seconds),
    'spins = 0',
    'while time.monotonic() < end:',
    '    spins += 1',
    'print(spins)',
    '',
  ].join('\n');
}

/**
 * The end-to-end workloads, in table order: `id` (also the file name the benchmark writes), the
 * label the tables show, and the source.
 */
export function cliWorkloads() {
  return [
    { id: 'start', label: 'one-line script (start-up only)', source: 'pass\n' },
    { id: 'fib', label: 'recursive fib(25)', source: readWorkload('fib.py') },
    { id: 'oo', label: '200,000 method calls', source: readWorkload('oo.py') },
    { id: 'lines10k', label: '10,000-line file', source: generatedScript(10_000) },
    { id: 'hot_loop', label: 'hot loop (10M iterations)', source: readWorkload('hot_loop.py') },
    { id: 'prints', label: '20,000 prints', source: readWorkload('prints.py') },
    { id: 'text', label: 'text processing', source: readWorkload('text.py') },
    { id: 'everyday', label: '50-line everyday script', source: readWorkload('everyday.py') },
  ];
}
