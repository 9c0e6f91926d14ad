// The arrows between the layers point one way: shared/ (the protocol, settings, limits) imports
// nothing from server/ or client/, and the client never imports the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function imports(dir: string): { file: string; from: string }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) => [...readFileSync(join(dir, name), 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((m) => ({ file: join(dir, name), from: m[1]! })));
}

test('shared/ imports nothing from server/ or client/', () => {
  const found = imports('shared');
  assert.ok(found.length > 0);
  assert.deepEqual(found.filter((i) => /(^|\/)(server|client)\//.test(i.from)), []);
});

test('the client imports nothing from the server', () => {
  assert.deepEqual(imports(join('client', 'src')).filter((i) => /\/server\//.test(i.from)), []);
});
