// The interpreter the client hands the server (InitializationOptions.pythonPath): the
// `runlens.pythonPath` setting, else the Python extension's selected environment, else none.
// The Python extension is optional: every access to it is guarded, and a missing, slow or
// failing extension only means "no answer from it".
import * as os from 'node:os';
import * as vscode from 'vscode';
import { chooseInterpreter, describeChoice, type InterpreterChoice } from './interpreterChoice';

const PYTHON_EXTENSION_ID = 'ms-python.python';
/** How long activation waits for the Python extension before starting without it. */
const PYTHON_EXTENSION_TIMEOUT_MS = 5000;

/** The part of the Python extension's API that Runlens uses (see @vscode/python-extension). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath?(resource?: vscode.Uri | vscode.WorkspaceFolder): { id: string; path: string } | undefined;
    resolveEnvironment?(environment: { id: string; path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
}

export class Interpreter implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires (with a reason) when the choice may have changed: setting, Python extension, extension installed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private api: Promise<PythonExtensionApi | undefined> | undefined;
  private hooked = false;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('runlens.pythonPath')) this.changed.fire('runlens.pythonPath changed');
      }),
      vscode.extensions.onDidChange(() => {
        // The Python extension was installed, enabled or removed.
        const present = vscode.extensions.getExtension(PYTHON_EXTENSION_ID) !== undefined;
        if (present !== this.hooked) {
          this.api = undefined;
          this.hooked = false;
          this.changed.fire(`the Python extension was ${present ? 'installed' : 'removed'}`);
        }
      }),
    );
  }

  async choose(resource?: vscode.Uri): Promise<InterpreterChoice | null> {
    const scope = resource ?? defaultResource();
    const setting = vscode.workspace.getConfiguration('runlens', scope).get<string>('pythonPath', '');
    const folder = scope ? vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath : undefined;
    const fromExtension = setting.trim() ? undefined : await this.pythonExtensionPath(scope);
    const choice = chooseInterpreter({ setting, pythonExtension: fromExtension, workspaceFolder: folder, home: os.homedir() });
    this.log.info(`Interpreter: ${describeChoice(choice)}`);
    return choice;
  }

  /** The Python extension's active environment executable, or undefined (absent, slow, failing, or nothing selected). */
  async pythonExtensionPath(resource?: vscode.Uri): Promise<string | undefined> {
    const api = await this.pythonApi();
    const environments = api?.environments;
    if (!environments?.getActiveEnvironmentPath) return undefined;
    try {
      const active = environments.getActiveEnvironmentPath(resource);
      if (!active?.path) return undefined;
      try {
        const resolved = await withTimeout(environments.resolveEnvironment?.(active) ?? Promise.resolve(undefined), PYTHON_EXTENSION_TIMEOUT_MS);
        const executable = resolved?.executable?.uri?.fsPath;
        if (executable) return executable;
      } catch (error) {
        this.log.warn(`The Python extension could not resolve ${active.path}: ${String(error)}`);
      }
      return active.path;
    } catch (error) {
      this.log.warn(`The Python extension did not give its environment: ${String(error)}`);
      return undefined;
    }
  }

  private pythonApi(): Promise<PythonExtensionApi | undefined> {
    this.api ??= this.loadPythonApi();
    return this.api;
  }

  private async loadPythonApi(): Promise<PythonExtensionApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (!extension) {
      this.log.info('The Python extension (ms-python.python) is not installed; using runlens.pythonPath or python3/python on PATH.');
      return undefined;
    }
    try {
      const api = extension.isActive ? extension.exports : await withTimeout(Promise.resolve(extension.activate()), PYTHON_EXTENSION_TIMEOUT_MS);
      const onChange = api?.environments?.onDidChangeActiveEnvironmentPath;
      if (typeof onChange === 'function' && !this.hooked) {
        this.disposables.push(onChange(() => this.changed.fire('the Python extension selected another environment')));
      }
      this.hooked = true;
      return api;
    } catch (error) {
      this.log.warn(`The Python extension did not activate (${String(error)}); continuing without it.`);
      this.api = undefined; // try again next time
      return undefined;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The resource whose interpreter counts: the active Python editor's file, else the first workspace folder. */
export function defaultResource(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.languageId === 'python' && doc.uri.scheme === 'file') return doc.uri;
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}
