// Starts a real VS Code (code-server: its server, web workbench and Node extension host) with a
// fresh user-data and extensions folder, installs the packaged extension into it, and waits until
// it serves. Installed by test/e2e/setup-code-server.sh into RUNLENS_E2E_DIR (default .e2e/).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join, resolve } from 'node:path';

/** The repository root, found from this file whether it runs from test/e2e or out/test/e2e. */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'esbuild.mjs'))) return dir;
    const up = resolve(dir, '..');
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export const CODE_SERVER_VERSION = process.env.RUNLENS_CODE_SERVER_VERSION ?? '4.100.3';
export const e2eDir = resolve(process.env.RUNLENS_E2E_DIR ?? join(repoRoot, '.e2e'));
export const resultsDir = resolve(process.env.RUNLENS_E2E_RESULTS ?? join(repoRoot, 'test-results', 'e2e'));

/** The code-server launcher installed by setup-code-server.sh (or RUNLENS_CODE_SERVER). */
export function codeServerBinary(): string {
  const bin = process.env.RUNLENS_CODE_SERVER
    ?? join(e2eDir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
  if (!existsSync(bin)) {
    throw new Error(`code-server not found at ${bin}: run \`bash test/e2e/setup-code-server.sh\` first`);
  }
  return bin;
}

/** The packaged extension: RUNLENS_E2E_VSIX, else <name>-<version>.vsix at the repository root. */
export function vsixPath(): string {
  if (process.env.RUNLENS_E2E_VSIX) return resolve(process.env.RUNLENS_E2E_VSIX);
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const path = join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  if (!existsSync(path)) throw new Error(`${path} not found: run \`npm run package\` first`);
  return path;
}

/** Settings every run gets: no welcome page, no tips, no network, no git scanning, stable screenshots. */
export const baseSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.editor.enablePreview': false,
  'workbench.layoutControl.enabled': false,
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'scm.autoReveal': false,
  'editor.minimap.enabled': false,
  'editor.inlayHints.enabled': 'on',
  'editor.codeLens': true,
  'editor.hover.delay': 200,
  'editor.fontSize': 14,
  // Typing in the journeys is literal: no auto-closed brackets, no suggestion widgets taking Enter.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.parameterHints.enabled': false,
  'editor.lightbulb.enabled': 'off',
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
  'security.workspace.trust.untrustedFiles': 'open',
  'python.defaultInterpreterPath': 'python3',
};

export interface CodeServerOptions {
  /** A short name for the run folder and logs. */
  name: string;
  /** Settings merged over baseSettings. */
  settings?: Record<string, unknown>;
  /** The .vsix to install; default vsixPath(). */
  vsix?: string;
  /** Extra environment for code-server (and so the extension host and the language server). */
  env?: Record<string, string>;
  /** How long to wait for the server to answer (ms). */
  startTimeoutMs?: number;
}

export interface CodeServer {
  url: string;
  port: number;
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  /** Timings in ms: install of the .vsix, start until the server answered. */
  timings: { installMs: number; startMs: number };
  /** The workbench URL for a folder. */
  workbenchUrl(folder: string): string;
  /** code-server's own stdout/stderr so far. */
  output(): string;
  /** The extension host / Runlens logs written so far (name → text). */
  logs(): Map<string, string>;
  /** Copies the logs into `dest` (a folder); returns the files written. */
  saveLogs(dest: string): string[];
  /** Ends code-server and everything it started; removes the run folder unless RUNLENS_E2E_KEEP=1. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

let runCounter = 0;

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const bin = codeServerBinary();
  const vsix = options.vsix ?? vsixPath();
  const runDir = join(e2eDir, 'runs', `${options.name}-${process.pid}-${++runCounter}`);
  rmSync(runDir, { recursive: true, force: true });
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  const xdg = join(runDir, 'xdg');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(xdg, { recursive: true });
  const settings = { ...baseSettings, ...options.settings };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const configFile = join(runDir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_DATA_HOME: join(xdg, 'data'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
    ...options.env,
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.VSCODE_PID;
  delete env.ELECTRON_RUN_AS_NODE;
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const installStart = Date.now();
  const install = spawnSync(bin, [...common, '--install-extension', vsix, '--force'], {
    env, encoding: 'utf8', timeout: 120_000,
  });
  const installMs = Date.now() - installStart;
  const installed = existsSync(extensionsDir) ? readdirSync(extensionsDir).filter((n) => !n.startsWith('.') && n !== 'extensions.json') : [];
  if (install.status !== 0 || installed.length === 0) {
    throw new Error(`installing ${vsix} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
  }

  const port = await freePort();
  const startAt = Date.now();
  let out = '';
  const child: ChildProcess = spawn(bin, [
    ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    '--disable-proxy', '--log', 'debug', '--ignore-last-opened',
  ], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  let exited: number | null | undefined;
  child.on('exit', (code) => { exited = code; });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited !== undefined) throw new Error(`code-server exited with ${exited} before serving:\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killTree(child);
      throw new Error(`code-server did not answer on ${url} within ${options.startTimeoutMs ?? 60_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const startMs = Date.now() - startAt;

  const logs = (): Map<string, string> => {
    const found = new Map<string, string>();
    const logsRoot = join(userDataDir, 'logs');
    const walk = (dir: string, rel: string): void => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        const relPath = rel ? `${rel}/${name}` : name;
        if (statSync(path).isDirectory()) walk(path, relPath);
        else if (name.endsWith('.log')) found.set(relPath, readFileSync(path, 'utf8'));
      }
    };
    walk(logsRoot, '');
    return found;
  };

  return {
    url, port, runDir, userDataDir, extensionsDir,
    timings: { installMs, startMs },
    workbenchUrl: (folder: string) => `${url}/?folder=${encodeURIComponent(resolve(folder))}`,
    output: () => out,
    logs,
    saveLogs(dest: string): string[] {
      mkdirSync(dest, { recursive: true });
      const written: string[] = [];
      const serverLog = join(dest, 'code-server.log');
      writeFileSync(serverLog, out);
      written.push(serverLog);
      for (const [rel, text] of logs()) {
        // The Runlens output channel, the extension host and the server's own log are what matter.
        if (!/runlens/i.test(rel) && !/(remoteexthost|remoteagent)\.log$/.test(rel)) continue;
        const file = join(dest, rel.replace(/[\\/]/g, '__'));
        writeFileSync(file, text);
        written.push(file);
      }
      return written;
    },
    async stop(): Promise<void> {
      if (exited === undefined) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        killTree(child, 'SIGTERM');
        const timer = setTimeout(() => killTree(child, 'SIGKILL'), 5_000);
        await gone;
        clearTimeout(timer);
      }
      // Extension hosts and language servers in the group get the signal too; make sure.
      killTree(child, 'SIGKILL');
      if (process.env.RUNLENS_E2E_KEEP !== '1') rmSync(runDir, { recursive: true, force: true });
    },
  };
}

function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // the whole process group: server, extension host, language server
  } catch {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

/**
 * Makes a fresh workspace folder RUNLENS_E2E_DIR/workspaces/<pid>/<name>: each entry copies `source` (a file
 * or folder) to `target` inside it; an empty target copies a folder's contents to the top.
 * Missing sources are skipped; caches are not copied.
 */
export function makeWorkspace(name: string, files: Record<string, string>): string {
  // The folder's own name shows in the explorer (and so in screenshots): keep it stable.
  const parent = join(e2eDir, 'workspaces', String(process.pid));
  const dir = join(parent, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [target, source] of Object.entries(files)) {
    if (!existsSync(source)) continue;
    cpSync(source, target ? join(dir, target) : dir, {
      recursive: true,
      filter: (path) => !/__pycache__|\.pyc$/.test(basename(path)),
    });
  }
  return dir;
}
