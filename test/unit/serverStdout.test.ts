// Under --stdio the server's stdout is the protocol channel: server code must never write to it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('server code (all but the CLI) never writes to stdout or the console', () => {
  const offenders: string[] = [];
  for (const file of sources('server/src')) {
    if (file.endsWith('cli.ts') || file.includes(`${join('src', 'cli')}/`)) continue;
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (/process\.stdout|(?<![\w.])console\.(log|info|warn|error|debug)\(/.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, []);
});
