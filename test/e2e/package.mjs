#!/usr/bin/env node
// `npm run package`: production bundles (no source maps), then `vsce package`, then a check of the
// .vsix against the allow-list below. Prints the package size and every file in it; exits non-zero
// when a required file is missing or anything else (test/, src/, node_modules/, maps, caches) leaked.
//
//   node test/e2e/package.mjs            # build + package + check
//   node test/e2e/package.mjs --no-build # package what dist/ already holds
//   node test/e2e/package.mjs --check runlens-0.1.0.vsix   # only check an existing .vsix
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Files allowed inside the .vsix (paths relative to its `extension/` folder). */
const allowed = [
  /^package\.json$/,
  /^readme\.md$/i, // vsce lower-cases README.md and CHANGELOG.md
  /^changelog\.md$/i,
  /^LICENSE(\.txt|\.md)?$/i,
  /^images\/icon\.png$/,
  /^dist\/(client|server|cli)\.js$/,
  /^syntaxes\/[^/]+\.(json|tmLanguage)$/,
  /^server\/python\/(?!.*__pycache__)(?!.*\.py[co]$).+$/,
];
/** Files that must be there. */
const required = ['package.json', 'readme.md', 'changelog.md', /^license(\.txt|\.md)?$/, 'images/icon.png', 'dist/client.js', 'dist/server.js', 'dist/cli.js'];
/** Never, whatever the allow-list says. */
const forbidden = [/(^|\/)node_modules\//, /(^|\/)test\//, /(^|\/)src\//, /\.map$/, /\.ts$/, /__pycache__/, /\.vsix$/];

/** Lists a zip's entries from its central directory: [{ name, size, compressed }]. */
export function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    entries.push({
      name, size, compressed,
      read() {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const data = buf.subarray(start, start + compressed);
        return method === 0 ? Buffer.from(data) : inflateRawSync(data);
      },
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

export function checkVsix(file) {
  const entries = zipEntries(file);
  const problems = [];
  const inside = [];
  for (const e of entries) {
    if (e.name === '[Content_Types].xml' || e.name === 'extension.vsixmanifest') continue;
    if (!e.name.startsWith('extension/')) { problems.push(`unexpected entry outside extension/: ${e.name}`); continue; }
    const path = e.name.slice('extension/'.length);
    inside.push(path);
    if (forbidden.some((re) => re.test(path))) problems.push(`leaked: ${path}`);
    else if (!allowed.some((re) => re.test(path))) problems.push(`not in the allow-list: ${path}`);
  }
  const lower = inside.map((p) => p.toLowerCase());
  for (const path of required) {
    const found = typeof path === 'string' ? lower.includes(path.toLowerCase()) : lower.some((p) => path.test(p));
    if (!found) problems.push(`missing: ${typeof path === 'string' ? path : path.source}`);
  }
  for (const bundle of ['dist/client.js', 'dist/server.js', 'dist/cli.js']) {
    const entry = entries.find((e) => e.name === `extension/${bundle}`);
    if (entry && /\/\/# sourceMappingURL=/.test(entry.read().toString('utf8'))) {
      problems.push(`${bundle} refers to a source map (build with --production)`);
    }
  }
  return { entries, problems };
}

function run(cmd, cmdArgs) {
  console.log(`$ ${cmd} ${cmdArgs.join(' ')}`);
  execFileSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function main() {
  let vsix;
  const checkAt = args.indexOf('--check');
  if (checkAt >= 0) {
    vsix = resolve(args[checkAt + 1] ?? `${pkg.name}-${pkg.version}.vsix`);
  } else {
    if (!args.includes('--no-build')) run(process.execPath, ['esbuild.mjs', '--production']);
    vsix = join(root, `${pkg.name}-${pkg.version}.vsix`);
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    if (!existsSync(vsce)) throw new Error('@vscode/vsce is not installed (npm install)');
    const vsceArgs = ['package', '--no-dependencies', '--out', vsix];
    // Without a repository field vsce asks (and fails with no terminal). Unless the repository is on
    // GitHub or GitLab it cannot rewrite the README's relative image links and fails: keep them relative.
    const repoUrl = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url ?? '';
    if (!repoUrl) vsceArgs.push('--allow-missing-repository');
    if (!/github\.com|gitlab\.com|^github:|^gitlab:|^[\w-]+\/[\w.-]+$/.test(repoUrl)) vsceArgs.push('--no-rewrite-relative-links');
    if (!existsSync(join(root, 'LICENSE')) && !existsSync(join(root, 'LICENSE.md')) && !existsSync(join(root, 'LICENSE.txt'))) {
      console.warn('warning: no LICENSE file; packaging with --skip-license');
      vsceArgs.push('--skip-license');
    }
    run(process.execPath, [vsce, ...vsceArgs]);
  }
  const { entries, problems } = checkVsix(vsix);
  console.log(`\n${relative(process.cwd(), vsix) || vsix}: ${kib(statSync(vsix).size)} (${entries.length} entries)`);
  for (const e of entries) console.log(`  ${kib(e.size).padStart(11)}  ${e.name}`);
  const bundles = entries.filter((e) => /^extension\/dist\/.*\.js$/.test(e.name));
  console.log(`bundles: ${bundles.map((e) => `${e.name.slice(15)} ${kib(e.size)}`).join(', ')}`);
  if (problems.length) {
    console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('ok: only the allowed files are packaged');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
