// What the server advertises, from what the client declares (docs/protocol.md, "What the server
// advertises").
import { TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver';
import { COMMANDS } from '../../shared/commands';

export function serverCapabilities(client: ClientCapabilities): ServerCapabilities {
  const literal = !!client.textDocument?.codeAction?.codeActionLiteralSupport;
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    ...(client.textDocument?.inlayHint ? { inlayHintProvider: { resolveProvider: false } } : {}),
    codeLensProvider: { resolveProvider: false },
    hoverProvider: true,
    codeActionProvider: literal ? { codeActionKinds: [''], resolveProvider: false } : true,
    executeCommandProvider: { commands: Object.values(COMMANDS) },
  };
}
