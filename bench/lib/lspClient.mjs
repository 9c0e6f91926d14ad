// A lean LSP client for the benchmark: starts `node dist/server.js --stdio` as an editor would
// (without NODE_EXTRA_CA_CERTS), opens and edits documents, and waits for runlens/traceFinished of
// a given version. The protocol tests' harness (test/protocol/harness.ts) does the same in
// TypeScript; this one runs without a build of the test code.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { NODE_ENV } from './processes.mjs';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SERVER_JS = join(ROOT, 'dist', 'server.js');

/** What an editor with inlay hints and hover declares; no refresh, no progress, no configuration pull. */
const CAPABILITIES = {
  textDocument: {
    synchronization: { didSave: true },
    inlayHint: {},
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  workspace: {},
  window: {},
};

export function fileUri(path) {
  return pathToFileURL(path).href;
}

export class BenchClient {
  /** Start a server whose runs use `settings` (the runlens section, e.g. pythonPath and debounceMs). */
  static async start(settings, rootDir) {
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: NODE_ENV });
    child.stderr.resume();
    const client = new BenchClient(child);
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(rootDir),
      capabilities: CAPABILITIES,
      initializationOptions: { settings, trusted: true },
    });
    client.connection.sendNotification('initialized', {});
    return client;
  }

  constructor(child) {
    this.child = child;
    this.finished = new Map();
    this.started = new Map();
    this.waiters = new Set();
    this.versions = new Map();
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification((method, params) => {
      if (method === 'runlens/traceFinished') this.finished.set(`${params.uri}@${params.version}`, params);
      if (method === 'runlens/runStarted') this.started.set(`${params.uri}@${params.version}`, params);
      for (const wake of [...this.waiters]) wake();
    });
    this.connection.onRequest(() => null);
    this.connection.listen();
  }

  get pid() {
    return this.child.pid;
  }

  /** Resolves when `condition()` holds; rejects after `ms`. */
  until(condition, what, ms = 600_000) {
    if (condition()) return Promise.resolve();
    return new Promise((resolvePromise, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolvePromise();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      this.waiters.add(check);
    });
  }

  /** The traceFinished of that version, once it came. */
  async traced(uri, version) {
    const key = `${uri}@${version}`;
    await this.until(() => this.finished.has(key), `traceFinished ${key}`);
    return this.finished.get(key);
  }

  hasFinished(uri, version) {
    return this.finished.has(`${uri}@${version}`);
  }

  async runStarted(uri, version) {
    const key = `${uri}@${version}`;
    await this.until(() => this.started.has(key), `runStarted ${key}`);
  }

  open(uri, text) {
    this.versions.set(uri, 1);
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    return 1;
  }

  /** Replace the text of one line (0-based, without its line break); returns the new version. */
  replaceLine(uri, line, oldLength, newText) {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: oldLength } }, text: newText }],
    });
    return version;
  }

  inlayHints(uri, lines) {
    return this.connection.sendRequest('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
    });
  }

  hover(uri, line, character) {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    }
    this.connection.dispose();
  }
}
