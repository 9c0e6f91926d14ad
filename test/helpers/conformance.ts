import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shared conformance data, read in place (never copied into the project). */
export const CONFORMANCE_DIR = resolve(process.env.RUNLENS_CONFORMANCE_DIR ?? '../shared/conformance');

export function readJsonl<T>(name: string): T[] {
  const text = readFileSync(resolve(CONFORMANCE_DIR, name), 'utf8');
  return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as T);
}

/** Run `work` over `items` with at most `concurrency` in flight; results in item order. */
export async function pool<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export interface Tally {
  name: string;
  passed: number;
  excluded: number;
  failed: { id: string; why: string }[];
}

export function report(tally: Tally): string {
  const total = tally.passed + tally.failed.length + tally.excluded;
  const lines = [`${tally.name}: ${tally.passed}/${total - tally.excluded} passed, ${tally.excluded} excluded by id`];
  for (const failure of tally.failed.slice(0, 15)) lines.push(`  FAIL ${failure.id}: ${failure.why}`);
  if (tally.failed.length > 15) lines.push(`  … and ${tally.failed.length - 15} more`);
  return lines.join('\n');
}
