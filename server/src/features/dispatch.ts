// Requests answered from the latest finished trace of a document (never by running), and what the
// server pushes after a run: diagnostics and the refresh requests. Each feature itself is a pure
// function of a TraceView (the modules beside this one); this file checks settings and client
// capabilities and hands over.
import {
  CodeLensRefreshRequest,
  InlayHintRefreshRequest,
  PublishDiagnosticsNotification,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type CodeLensParams,
  type Command,
  type Hover,
  type HoverParams,
  type InlayHint,
  type InlayHintParams,
} from 'vscode-languageserver';
import type { RunlensSettings } from '../../../shared/settings';
import type { Documents, OpenDocument } from '../documents/documents';
import type { LspClient } from '../lspClient';
import { asCodeActions, codeActionCommands } from './codeActions';
import { codeLenses } from './codeLens';
import { diagnostics } from './diagnostics';
import { hover } from './hover';
import { inlayHints } from './inlayHints';
import type { TraceView } from './traceView';

export interface FeatureDeps {
  client: LspClient;
  documents: Documents;
  settings(): RunlensSettings;
  capabilities(): ClientCapabilities;
}

export class Features {
  constructor(private readonly deps: FeatureDeps) {}

  /** The latest trace of an open document as features read it; null when it has none. */
  view(uri: string): TraceView | null {
    return this.deps.documents.get(uri)?.view(this.deps.settings()) ?? null;
  }

  inlayHints(params: InlayHintParams): InlayHint[] | null {
    if (!this.deps.capabilities().textDocument?.inlayHint) return null;
    const view = this.view(params.textDocument.uri);
    return view ? inlayHints(view, params.range) : [];
  }

  codeLenses(params: CodeLensParams): CodeLens[] | null {
    if (!this.deps.settings().codeLens.enabled) return [];
    const view = this.view(params.textDocument.uri);
    return view ? codeLenses(view) : [];
  }

  hover(params: HoverParams): Hover | null {
    if (!this.deps.settings().hover.enabled) return null;
    const view = this.view(params.textDocument.uri);
    return view ? hover(view, params.position.line) : null;
  }

  codeActions(params: CodeActionParams): (CodeAction | Command)[] | null {
    const doc = this.deps.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const only = params.context.only;
    if (only && only.length > 0 && !only.includes('')) return [];
    const commands = codeActionCommands(doc.uri, this.view(doc.uri), params.range.start.line);
    return this.deps.capabilities().textDocument?.codeAction?.codeActionLiteralSupport ? asCodeActions(commands) : commands;
  }

  /** Publish a document's diagnostics from its latest trace (again after edits move them). */
  publishDiagnostics(doc: OpenDocument): void {
    const view = doc.view(this.deps.settings());
    const list = view && this.deps.settings().diagnostics.enabled ? diagnostics(view) : [];
    if (list.length === 0 && !doc.hasDiagnostics) return;
    doc.hasDiagnostics = list.length > 0;
    this.deps.client.notify(PublishDiagnosticsNotification.type, { uri: doc.uri, version: doc.version, diagnostics: list });
  }

  clearDiagnostics(uri: string): void {
    this.deps.client.notify(PublishDiagnosticsNotification.type, { uri, diagnostics: [] });
  }

  /** Ask the client to fetch hints and lenses again, when it supports being asked. */
  refresh(): void {
    const caps = this.deps.capabilities();
    const ignore = () => undefined;
    if (caps.workspace?.inlayHint?.refreshSupport && caps.textDocument?.inlayHint) {
      this.deps.client.request0(InlayHintRefreshRequest.type).catch(ignore);
    }
    if (caps.workspace?.codeLens?.refreshSupport) this.deps.client.request0(CodeLensRefreshRequest.type).catch(ignore);
  }
}
