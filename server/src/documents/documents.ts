// The open documents: their current text, the latest trace of each (with the LineMap that follows
// edits made since), and the line maps of runs still in flight. No runs, no LSP messages: the runs
// and features modules read and update what is here.
import type { DidOpenTextDocumentParams, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RunlensSettings } from '../../../shared/settings';
import type { TraceView } from '../features/traceView';
import { LineMap, splitLines } from '../trace/lineMap';
import { TraceIndex } from '../trace/traceIndex';
import type { Trace } from '../trace/types';

/** The latest finished trace of a document and where its lines are now. */
export interface Traced {
  version: number;
  index: TraceIndex;
  map: LineMap;
}

/** A snapshot of a document taken for a run; its map follows edits until the run ends. */
export interface RunSnapshot {
  uri: string;
  version: number;
  source: string;
  map: LineMap;
}

export class OpenDocument {
  private doc: TextDocument;
  /** Current text, split into lines. */
  lines: string[];
  latest: Traced | null = null;
  /** Diagnostics currently published (so edits can move them and a close can clear them). */
  hasDiagnostics = false;
  private readonly inflight = new Set<LineMap>();

  constructor(uri: string, languageId: string, version: number, text: string) {
    this.doc = TextDocument.create(uri, languageId, version, text);
    this.lines = splitLines(text);
  }

  get uri(): string {
    return this.doc.uri;
  }

  get version(): number {
    return this.doc.version;
  }

  get text(): string {
    return this.doc.getText();
  }

  /** Apply didChange edits; the latest trace's map and in-flight maps follow them. */
  applyChanges(changes: TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      this.doc = TextDocument.update(this.doc, [change], version);
      this.lines = splitLines(this.doc.getText());
      const edit = 'range' in change ? { range: change.range, text: change.text } : { text: change.text };
      this.latest?.map.applyEdit(edit, this.lines);
      for (const map of this.inflight) map.applyEdit(edit, this.lines);
    }
  }

  /** The current text for a run; call `release` when the run ends. */
  snapshot(): { snapshot: RunSnapshot; release(): void } {
    const source = this.text;
    const map = new LineMap(splitLines(source));
    this.inflight.add(map);
    return { snapshot: { uri: this.uri, version: this.version, source, map }, release: () => this.inflight.delete(map) };
  }

  /** Keep a finished run's trace as the latest. */
  traced(snapshot: RunSnapshot, trace: Trace): void {
    this.latest = { version: snapshot.version, index: new TraceIndex(trace, snapshot.source, snapshot.version), map: snapshot.map };
  }

  /** What features read: the latest trace with its line map and the current text (null before the first run). */
  view(settings: RunlensSettings): TraceView | null {
    if (!this.latest) return null;
    return { uri: this.uri, index: this.latest.index, map: this.latest.map, settings, currentLines: this.lines };
  }
}

export class Documents {
  private readonly open = new Map<string, OpenDocument>();

  add({ textDocument }: DidOpenTextDocumentParams): OpenDocument {
    const doc = new OpenDocument(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    this.open.set(doc.uri, doc);
    return doc;
  }

  get(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  /** Is this still the open document (not closed, nor closed and opened again)? */
  isCurrent(doc: OpenDocument): boolean {
    return this.open.get(doc.uri) === doc;
  }

  remove(uri: string): OpenDocument | undefined {
    const doc = this.open.get(uri);
    this.open.delete(uri);
    return doc;
  }

  all(): OpenDocument[] {
    return [...this.open.values()];
  }
}
