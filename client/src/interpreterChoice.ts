// Which interpreter the client hands the server, in order: the `runlens.pythonPath` setting,
// then the environment selected in the Python extension, then nothing (the server tries
// RUNLENS_PYTHON, python3 and python on PATH). No `vscode` import (unit-tested).

export interface InterpreterChoice {
  /** A path (or a command name from the setting); never empty. */
  path: string;
  /** "runlens.pythonPath" or "Python extension". */
  source: 'runlens.pythonPath' | 'Python extension';
}

export interface InterpreterInputs {
  /** The raw `runlens.pythonPath` value. */
  setting: string | undefined;
  /** The Python extension's active environment executable, if the extension is there and answered. */
  pythonExtension: string | undefined;
  /** For `${workspaceFolder}` in the setting. */
  workspaceFolder?: string | undefined;
  /** For a leading `~` in the setting. */
  home?: string | undefined;
}

export function chooseInterpreter(inputs: InterpreterInputs): InterpreterChoice | null {
  const setting = expandPath(inputs.setting ?? '', inputs.workspaceFolder, inputs.home);
  if (setting) return { path: setting, source: 'runlens.pythonPath' };
  const fromExtension = (inputs.pythonExtension ?? '').trim();
  if (fromExtension) return { path: fromExtension, source: 'Python extension' };
  return null;
}

/** `${workspaceFolder}`, `${userHome}` and a leading `~` expanded; surrounding blanks trimmed. */
export function expandPath(raw: string, workspaceFolder?: string, home?: string): string {
  let value = raw.trim();
  if (!value) return '';
  if (home) {
    value = value.replace(/\$\{userHome\}/g, home);
    if (value === '~' || value.startsWith('~/') || value.startsWith('~\\')) value = home + value.slice(1);
  }
  if (workspaceFolder) value = value.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  return value;
}

/** Same interpreter? (A restart is only worth it when this is false.) */
export function sameChoice(a: InterpreterChoice | null, b: InterpreterChoice | null): boolean {
  return (a?.path ?? '') === (b?.path ?? '');
}

/** A one-line description for logs and the status item. */
export function describeChoice(choice: InterpreterChoice | null): string {
  return choice ? `${choice.path} (from ${choice.source})` : 'none chosen by the client: the server looks for python3/python on PATH';
}
