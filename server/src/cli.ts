// The `runlens` command: trace a Python file and print what happened, annotated or as JSON.
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { renderAnnotated, styleFor } from './cli/annotate';
import { parseCommandLine, UsageError, USAGE, type CliOptions } from './cli/args';
import { defaultCandidates, NoPythonError, PythonTooOldError, resolvePython } from './run/interpreter';
import { createRunTrace } from './run/runTrace';
import { spawnWithNode } from './run/spawnNode';
import { readPythonSource, UnreadableSourceError } from './run/sourceFile';

declare const RUNLENS_VERSION: string;

export const EXIT_TRACED = 0;
export const EXIT_USAGE = 2;
export const EXIT_NO_PYTHON = 3;

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_TRACED;
  }
  if (command.kind === 'version') {
    process.stdout.write(`runlens ${typeof RUNLENS_VERSION === 'string' ? RUNLENS_VERSION : 'dev'}\n`);
    return EXIT_TRACED;
  }
  return run(command.options);
}

async function run(options: CliOptions): Promise<number> {
  const path = resolve(options.file);
  // Start the interpreter probe while the file is read: both are on the critical path.
  const python = resolvePython(defaultCandidates(options.python ? { path: options.python, source: '--python' } : null), { lazy: true });
  python.catch(() => undefined);
  let source: string;
  let stdin = '';
  try {
    source = await readPythonSource(path);
    if (options.stdinFile) stdin = await readFile(options.stdinFile, 'utf8').catch(() => {
      throw new UnreadableSourceError(`cannot read the --stdin file ${options.stdinFile}`);
    });
  } catch (error) {
    if (error instanceof UnreadableSourceError) return usageError(error.message);
    throw error;
  }
  let interpreter;
  try {
    interpreter = await python;
  } catch (error) {
    if (error instanceof NoPythonError) {
      process.stderr.write(`runlens: ${error.message}\nInstall Python 3.8 or newer, or name one with --python PATH or RUNLENS_PYTHON.\n`);
      return EXIT_NO_PYTHON;
    }
    throw error;
  }
  const trace = await createRunTrace(spawnWithNode)({
    source,
    path,
    cwd: options.cwd ? resolve(options.cwd) : dirname(path),
    argv: options.programArgs,
    stdin,
    call: options.call,
    guard: options.guard,
    python: interpreter,
    limits: {
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.samples ? { samples: options.samples } : {}),
    },
  }).catch((error: unknown) => {
    if (error instanceof PythonTooOldError) return error;
    throw error;
  });
  if (trace instanceof PythonTooOldError) {
    process.stderr.write(`runlens: ${trace.message}\nInstall Python 3.8 or newer, or name one with --python PATH or RUNLENS_PYTHON.\n`);
    return EXIT_NO_PYTHON;
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(trace)}\n`);
  } else {
    const colour = options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
    const label = relative(process.cwd(), path) || path;
    let text = renderAnnotated(trace, source, label, styleFor(colour));
    if (trace.result) text += `${options.call} → ${trace.result.repr}${trace.result.truncated ? ' …(cut)' : ''}\n`;
    process.stdout.write(text);
  }
  return EXIT_TRACED;
}

function usageError(message: string): number {
  process.stderr.write(`runlens: ${message}\nTry 'runlens --help'.\n`);
  return EXIT_USAGE;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`runlens: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
