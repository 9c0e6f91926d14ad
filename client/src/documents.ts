// Read-only virtual documents for a Python file's output and trace, and for predictions:
//   runlens-output:/path/tour.py · output?<source uri>     (language runlens-output)
//   runlens-trace:/path/tour.py · trace?<source uri>       (language runlens-trace)
//   runlens-output:/path/tour.py · predict f(1)?<source uri>#<n>
// The text comes from the server (runlens.showOutput / runlens.showTrace) and is fetched again
// when a new trace of the source file finishes.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const OUTPUT_SCHEME = 'runlens-output';
export const TRACE_SCHEME = 'runlens-trace';
export const OUTPUT_LANGUAGE = 'runlens-output';
export const TRACE_LANGUAGE = 'runlens-trace';

export type DocumentKind = 'output' | 'trace';

/** Fetches a document's text from the server; null when there is nothing yet. */
export type FetchText = (kind: DocumentKind, source: string) => Promise<string | null>;

export class VirtualDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly predictions = new Map<string, string>();
  private predictionCount = 0;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly fetch: FetchText, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, this),
      vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, this),
      // Documents restored after a reload (or opened by uri) get their language too.
      vscode.workspace.onDidOpenTextDocument((doc) => void this.ensureLanguage(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === OUTPUT_SCHEME) this.predictions.delete(doc.uri.toString());
      }),
    );
    for (const doc of vscode.workspace.textDocuments) void this.ensureLanguage(doc);
  }

  uriFor(kind: DocumentKind, source: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({
      scheme: kind === 'output' ? OUTPUT_SCHEME : TRACE_SCHEME,
      path: `${withSlash(source.path)} · ${kind}`,
      query: source.toString(),
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const prediction = this.predictions.get(uri.toString());
    if (prediction !== undefined) return prediction;
    const kind: DocumentKind = uri.scheme === TRACE_SCHEME ? 'trace' : 'output';
    const source = uri.query;
    const label = displayName(source);
    try {
      const text = await this.fetch(kind, source);
      if (text !== null && text !== undefined) return text;
      return `# Runlens ${kind} · ${label} · not run yet\n`;
    } catch (error) {
      this.log.warn(`Could not get the ${kind} of ${label}: ${errorMessage(error)}`);
      return `# Runlens ${kind} · ${label} · unavailable: ${errorMessage(error)}\n`;
    }
  }

  /** Open (or reveal) the output or trace of a Python document beside it. Returns the document's text. */
  async show(kind: DocumentKind, source: vscode.Uri): Promise<string> {
    const uri = this.uriFor(kind, source);
    const wasOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    if (wasOpen) this.changed.fire(uri); // fetch again: the user asked for the newest
    const doc = await this.open(uri, kind === 'output' ? OUTPUT_LANGUAGE : TRACE_LANGUAGE);
    return doc.getText();
  }

  /** Show a prediction (already formatted text) in a new output document beside the source. */
  async showPrediction(source: vscode.Uri, call: string, text: string): Promise<void> {
    const shortCall = call.length > 40 ? `${call.slice(0, 39)}…` : call;
    const uri = vscode.Uri.from({
      scheme: OUTPUT_SCHEME,
      path: `${withSlash(source.path)} · predict ${shortCall.replace(/[/\\]/g, '∕')}`,
      query: source.toString(),
      fragment: String(++this.predictionCount),
    });
    this.predictions.set(uri.toString(), text);
    await this.open(uri, OUTPUT_LANGUAGE);
  }

  /** A new trace of `source` finished: open output/trace views of it fetch their text again. */
  refresh(source: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      const { scheme, query } = doc.uri;
      if ((scheme === OUTPUT_SCHEME || scheme === TRACE_SCHEME) && query === source && !this.predictions.has(doc.uri.toString())) {
        this.changed.fire(doc.uri);
      }
    }
  }

  private async open(uri: vscode.Uri, language: string): Promise<vscode.TextDocument> {
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
    return doc;
  }

  private async ensureLanguage(doc: vscode.TextDocument): Promise<void> {
    const language = doc.uri.scheme === OUTPUT_SCHEME ? OUTPUT_LANGUAGE : doc.uri.scheme === TRACE_SCHEME ? TRACE_LANGUAGE : null;
    if (!language || doc.languageId === language) return;
    try {
      await vscode.languages.setTextDocumentLanguage(doc, language);
    } catch {
      // The document closed meanwhile.
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function withSlash(p: string): string {
  return p.startsWith('/') ? p : `/${p}`;
}

/** "examples/tour.py" for a workspace file, the base name otherwise. */
export function displayName(source: string): string {
  try {
    const uri = vscode.Uri.parse(source);
    if (uri.scheme === 'file') return vscode.workspace.asRelativePath(uri, false);
    return path.posix.basename(uri.path) || source;
  } catch {
    return source;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
