// Headless Neovim 0.7 attached to `node dist/server.js --stdio`: hover, code lenses and the
// Predict code action on examples/functions.py, checked from the JSON the Lua script writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const SERVER_JS = join(ROOT, 'dist', 'server.js');

test('Neovim 0.7: hover, code lenses, Predict output', async () => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.equal(version.status, 0, 'nvim is needed for this test (apt-get install -y neovim)');
  assert.ok(existsSync(SERVER_JS), 'run node esbuild.mjs first');
  const dir = mkdtempSync(join(tmpdir(), 'runlens-nvim-'));
  const outFile = join(dir, 'result.json');
  try {
    const child = spawn('nvim', ['--headless', '-n', '-u', join(ROOT, 'test/nvim/init.lua'), join(ROOT, 'examples/functions.py'),
      '-c', `luafile ${join(ROOT, 'test/nvim/check.lua')}`], {
      cwd: ROOT,
      env: { ...process.env, RUNLENS_SERVER: SERVER_JS, RUNLENS_NVIM_OUT: outFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`nvim did not finish in 60 s: ${stderr}`));
      }, 60_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.ok(existsSync(outFile), `no result written (exit ${code}): ${stderr}`);
    const result = JSON.parse(readFileSync(outFile, 'utf8'));
    assert.deepEqual(result.errors, []);
    assert.equal(result.attached, true);
    assert.equal(result.traced, true);
    assert.equal(result.finished[0].status, 'ok');
    assert.equal(result.inlayHintProvider, false, 'Neovim 0.7 has no inlay hints: none registered');
    assert.match(result.hover, /\| 1 \| `fact\(n=5\)` \| `120` \|/);
    const titles = result.lenses.map((l: { line: number; title: string }) => `${l.line}: ${l.title}`);
    assert.ok(titles.includes('8: 2 calls · returned 120, 6 · 2 paths'), titles.join('\n'));
    assert.ok(titles.includes('15: never ran · Predict output…'), titles.join('\n'));
    assert.ok(result.actions.includes('Predict output: unused(4)'), result.actions.join('\n'));
    assert.equal(result.prediction.returnValue, '8');
    assert.equal(result.prediction.summary, 'unused(4) → 8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
