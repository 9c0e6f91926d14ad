// One harness for the protocol suite: the server in-process (over in-memory streams) or spawned
// (`node dist/server.js --stdio`), and an LSP client with a chosen capability profile.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, InitializeResult } from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import { wireServer } from '../../server/src/server';
import { RunStarted, TraceFinished, type TraceFinishedParams } from '../../shared/protocol';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const SERVER_JS = join(ROOT, 'dist', 'server.js');
export type Mode = 'in-process' | 'spawned';

export const PROFILES: Record<string, ClientCapabilities> = {
  /** VS Code-like: everything. */
  vscode: {
    textDocument: {
      synchronization: { didSave: true },
      inlayHint: { resolveSupport: { properties: ['tooltip'] } },
      codeLens: {},
      hover: { contentFormat: ['markdown', 'plaintext'] },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } } },
      publishDiagnostics: { relatedInformation: true },
    },
    workspace: { applyEdit: true, configuration: true, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true }, executeCommand: {} },
    window: { workDoneProgress: true },
  },
  /** Helix-like: inlay hints, but no refresh and no resolve. */
  helix: {
    textDocument: {
      inlayHint: {},
      hover: { contentFormat: ['markdown'] },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix'] } } },
    },
    workspace: { applyEdit: true, executeCommand: {} },
    window: { workDoneProgress: true },
  },
  /** Neovim 0.7-like: no inlay hints, code lenses without refresh. */
  nvim07: {
    textDocument: {
      codeLens: {},
      hover: { contentFormat: ['markdown', 'plaintext'] },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor'] } } },
    },
    workspace: { applyEdit: true, configuration: true },
    window: { workDoneProgress: true },
  },
};

export interface Received {
  method: string;
  params: any;
}

export class TestClient {
  readonly notifications: Received[] = [];
  readonly serverRequests: Received[] = [];
  initializeResult!: InitializeResult;
  /** What this client answers to workspace/configuration for the runlens section (null: no settings, as Neovim and Helix answer). */
  configuration: unknown = null;
  private waiters = new Set<() => void>();
  private versions = new Map<string, number>();

  constructor(readonly connection: MessageConnection, private readonly stop: () => Promise<void>) {
    connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      this.wake();
    });
    // vscode-jsonrpc routes $/progress to progress handlers; tokens created by the server are "unhandled".
    connection.onUnhandledProgress((params) => {
      this.notifications.push({ method: '$/progress', params });
      this.wake();
    });
    connection.onRequest((method, params) => {
      this.serverRequests.push({ method, params });
      this.wake();
      if (method === 'workspace/applyEdit') return { applied: true };
      if (method === 'workspace/configuration') return [this.configuration];
      return null;
    });
    connection.listen();
  }

  of(method: string): any[] {
    return this.notifications.filter((n) => n.method === method).map((n) => n.params);
  }

  finished(uri?: string): TraceFinishedParams[] {
    return this.of(TraceFinished.method).filter((p) => !uri || p.uri === uri);
  }

  runsStarted(uri?: string): number {
    return this.of(RunStarted.method).filter((p) => !uri || p.uri === uri).length;
  }

  /** Resolve when the condition holds; fail after the deadline. */
  until(condition: () => boolean, what: string, ms = 15000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.notifications.map((n) => n.method))}`));
      }, ms);
      this.waiters.add(check);
    });
  }

  /** Wait for the traceFinished of a document version. */
  async traced(uri: string, version: number): Promise<TraceFinishedParams> {
    await this.until(() => this.finished(uri).some((f) => f.version === version), `traceFinished ${uri}@${version}`);
    return this.finished(uri).find((f) => f.version === version)!;
  }

  request<R = any>(method: string, params?: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params?: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  /** Send didSave. */
  save(uri: string): void {
    this.notify('textDocument/didSave', { textDocument: { uri } });
  }

  open(uri: string, text: string): void {
    this.versions.set(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  }

  /** Send one incremental change; returns the new version. */
  change(uri: string, changes: unknown[]): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
    } catch {
      // already gone
    }
    await this.stop();
    this.connection.dispose();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

export async function startClient(mode: Mode, capabilities: ClientCapabilities, initializationOptions: unknown = {}, configuration: unknown = null): Promise<TestClient> {
  let client: TestClient;
  if (mode === 'in-process') {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const server = wireServer(serverConnection);
    serverConnection.listen();
    const connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client = new TestClient(connection, async () => {
      server.shutdown();
      serverConnection.dispose();
      toServer.end();
      toClient.end();
    });
  } else {
    if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run node esbuild.mjs first`);
    const child: ChildProcess = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.resume();
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    client = new TestClient(connection, async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill();
        await exited;
      }
    });
  }
  client.configuration = configuration;
  client.initializeResult = await client.request<InitializeResult>('initialize', {
    processId: null,
    rootUri: pathToFileURL(join(ROOT, 'examples')).href,
    capabilities,
    initializationOptions,
  });
  client.notify('initialized', {});
  return client;
}

export function exampleUri(name: string): string {
  return pathToFileURL(join(ROOT, 'examples', name)).href;
}
