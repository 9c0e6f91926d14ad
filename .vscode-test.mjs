// @vscode/test-cli configuration: `npm run test:vscode` (`node esbuild.mjs && vscode-test`).
// Downloads VS Code (stable, or RUNLENS_VSCODE_VERSION) into .vscode-test/ at the first run, so it
// needs the network: see docs/e2e.md. Runs test/vscode/*.vscode.ts (bundled here into
// out/test/vscode/) inside the extension host, with the extension loaded from this folder, a fresh
// user-data and extensions folder, and examples/ as the workspace.
import { defineConfig } from '@vscode/test-cli';
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const testDir = join(root, 'test', 'vscode');
const outDir = join(root, 'out', 'test', 'vscode');
const entries = readdirSync(testDir).filter((n) => n.endsWith('.vscode.ts')).map((n) => join(testDir, n));
await esbuild.build({
  entryPoints: entries, outdir: outDir, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
  external: ['vscode'], packages: 'external', sourcemap: 'inline', logLevel: 'warning',
});

const state = join(root, '.vscode-test', 'runlens');
rmSync(state, { recursive: true, force: true });
mkdirSync(join(state, 'user-data'), { recursive: true });
mkdirSync(join(state, 'extensions'), { recursive: true });

export default defineConfig({
  label: 'runlens',
  files: 'out/test/vscode/**/*.vscode.js',
  version: process.env.RUNLENS_VSCODE_VERSION ?? 'stable',
  extensionDevelopmentPath: root,
  workspaceFolder: join(root, 'examples'),
  launchArgs: [
    `--user-data-dir=${join(state, 'user-data')}`,
    `--extensions-dir=${join(state, 'extensions')}`,
    '--disable-extensions', // every other extension; the one under development still loads
    '--disable-workspace-trust',
    '--skip-welcome',
    '--skip-release-notes',
  ],
  mocha: { ui: 'tdd', timeout: 60_000, color: true },
});
