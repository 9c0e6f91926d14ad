// The README is the user's manual: it must list every setting, show images that exist and name
// scripts that exist.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/settings';

const readme = readFileSync('README.md', 'utf8');
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };

function settingKeys(value: object, prefix = 'runlens'): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 && key !== 'env'
      ? settingKeys(v as object, `${prefix}.${key}`)
      : [`${prefix}.${key}`],
  );
}

test('the README settings table lists every setting', () => {
  const missing = settingKeys(DEFAULT_SETTINGS).filter((key) => !readme.includes(`| \`${key}\` |`));
  assert.deepEqual(missing, []);
});

test('every image the README shows exists', () => {
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(images.length >= 8, `only ${images.length} images`);
  assert.deepEqual(images.filter((path) => !existsSync(path)), []);
});

test('every npm script the README names exists', () => {
  const named = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
  assert.ok(named.length > 0);
  assert.deepEqual([...new Set(named)].filter((name) => !(name in manifest.scripts)), []);
  assert.match(readme, /npm install && npm start/);
  assert.match(readme, /npm test/);
});
