// Workspace trust. Runlens runs the code it shows, so in an untrusted workspace the server is
// told `trusted: false` and runs nothing; granting trust restarts the server with `trusted: true`
// (VS Code has no "revoke" event: revoking trust reloads the window).
import * as vscode from 'vscode';

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

export function onDidGrantTrust(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidGrantWorkspaceTrust(listener);
}

/** Tell the user why nothing ran, with a way to change it. */
export async function explainUntrusted(what: string): Promise<void> {
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    `Runlens does not ${what} in an untrusted workspace: it would run the file's code.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}
