// The `runlens` command: trace a Python file and print what happened, annotated or as JSON.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { renderAnnotated, styleFor } from './cli/annotate';
import { parseCommandLine, UsageError, USAGE, type CliOptions } from './cli/args';
import { defaultCandidates, NoPythonError, resolvePython } from './run/interpreter';
import { buildPlan } from './run/plan';
import { runPlan } from './run/runPlan';
import { readPythonSource, UnreadableSourceError } from './run/sourceFile';

declare const RUNLENS_VERSION: string;

/** The program was traced, whatever it did. */
export const EXIT_TRACED = 0;
/** The program could not be traced (the tracer failed, sent a malformed record, or could not start), or Runlens itself failed. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** No usable Python: none found, or too old. */
export const EXIT_NO_PYTHON = 3;

const INSTALL_HINT = 'Install Python 3.8 or newer, or name one with --python PATH or RUNLENS_PYTHON.';

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    throw error;
  }
  if (command.kind === 'help') {
    print(`${USAGE}\n`);
    return EXIT_TRACED;
  }
  if (command.kind === 'version') {
    print(`runlens ${typeof RUNLENS_VERSION === 'string' ? RUNLENS_VERSION : 'dev'}\n`);
    return EXIT_TRACED;
  }
  return run(command.options);
}

async function run(options: CliOptions): Promise<number> {
  const path = resolve(options.file);
  // Start looking for the interpreter while the file is read: both are on the critical path.
  const python = resolvePython(defaultCandidates(options.python ? { path: options.python, source: '--python' } : null), { lazy: true });
  python.catch(() => undefined);
  let source: string;
  let stdin = '';
  const cwd = options.cwd ? resolve(options.cwd) : undefined;
  try {
    source = await readPythonSource(path);
    if (options.stdinFile) stdin = await readFile(options.stdinFile, 'utf8').catch(() => {
      throw new UnreadableSourceError(`cannot read the --stdin file ${options.stdinFile}`);
    });
    if (cwd && !isFolder(cwd)) throw new UnreadableSourceError(`--cwd ${options.cwd} is not a folder`);
  } catch (error) {
    if (error instanceof UnreadableSourceError) return usageError(error.message);
    throw error;
  }
  let interpreter;
  try {
    interpreter = await python;
  } catch (error) {
    if (error instanceof NoPythonError) return noPython(error.message);
    throw error;
  }
  const plan = buildPlan({
    entry: path,
    text: source,
    call: options.call,
    cwd,
    argv: options.programArgs,
    stdin,
    guard: options.guard,
    python: interpreter,
    limits: {
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.samples ? { samples: options.samples } : {}),
    },
  });
  const trace = await runPlan(plan);
  if (trace.failure?.kind === 'python-too-old') return noPython(trace.failure.message);
  if (options.json) print(`${JSON.stringify(trace)}\n`);
  const label = relative(process.cwd(), path) || path;
  if (trace.status === 'error') {
    process.stderr.write(`runlens: could not trace ${label}: ${trace.failure?.message ?? 'unknown error'}\n`);
    return EXIT_FAILED;
  }
  if (!options.json) {
    const colour = options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
    let text = renderAnnotated(trace, source, label, styleFor(colour));
    if (trace.result) text += `${options.call} → ${trace.result.repr}${trace.result.truncated ? ' …(cut)' : ''}\n`;
    print(text);
  }
  return EXIT_TRACED;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function usageError(message: string): number {
  process.stderr.write(`runlens: ${message}\nTry 'runlens --help'.\n`);
  return EXIT_USAGE;
}

function noPython(message: string): number {
  process.stderr.write(`runlens: ${message}\n${INSTALL_HINT}\n`);
  return EXIT_NO_PYTHON;
}

/** One line, never a stack trace (RUNLENS_DEBUG=1 adds it, for a bug report). */
function internalError(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const stack = process.env.RUNLENS_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
  process.stderr.write(`runlens: internal error: ${message} (set RUNLENS_DEBUG=1 to see where)${stack}\n`);
  return EXIT_FAILED;
}

/**
 * Write to stdout. A reader that stops early (`runlens FILE | head`) is not an error. (stdout is
 * first touched here, not at start-up: creating the stream costs start-up time.)
 */
function print(text: string): void {
  if (process.stdout.listenerCount('error') === 0) {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_TRACED);
      else process.exit(internalError(error));
    });
  }
  process.stdout.write(text);
}

process.on('uncaughtException', (error) => process.exit(internalError(error)));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = internalError(error);
  },
);
