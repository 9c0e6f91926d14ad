import { parseArgs } from 'node:util';
import { USER_LIMITS, type Bounded } from '../../../shared/limits';

export interface CliOptions {
  file: string;
  json: boolean;
  call: string | null;
  python: string | null;
  timeoutMs: number | null;
  stdinFile: string | null;
  cwd: string | null;
  samples: number | null;
  color: boolean | null;
  guard: boolean;
  programArgs: string[];
}

export type ParsedCommand = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: runlens FILE.py [options] [-- program args...]

Runs FILE.py under the Runlens tracer and prints its source annotated with what happened:
values at line ends, how often each line ran, the exception where it was raised, and lines
that never ran; then the program's output and how it ended.

Options:
  --json              print the trace as one JSON document (format runlens-trace/1)
  --call "f(1, 2)"    call mode: import FILE as a module, then trace this call
  --python PATH       the Python interpreter (default: $RUNLENS_PYTHON, python3, python)
  --timeout MS        stop the program after MS milliseconds (default ${USER_LIMITS.timeoutMs.default},
                      ${USER_LIMITS.timeoutMs.min} to ${USER_LIMITS.timeoutMs.max})
  --stdin FILE        give FILE to the program as its standard input (default: empty)
  --cwd DIR           working directory for the program (default: FILE's folder)
  --samples K         keep values of the first and last K executions of each line
                      (default ${USER_LIMITS.samples.default}, at most ${USER_LIMITS.samples.max})
  --guard             block destructive side effects (writing files outside the temp folder,
                      deleting, renaming, starting processes, network), as the editor does
                      while you type
  --color / --no-color  force colour on or off (default: on for a terminal, unless NO_COLOR)
  -h, --help          show this help
  -v, --version       show the version

Exit status: 0 when the program was traced (whatever the program did); 1 when it could not be
traced (the tracer failed or could not start; the message says why); 2 for usage errors and
unreadable files; 3 when no usable Python is found (none, or older than 3.8).
Set RUNLENS_DEBUG=1 to see where an internal error happened.`;

export function parseCommandLine(argv: string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        call: { type: 'string' },
        python: { type: 'string' },
        timeout: { type: 'string' },
        stdin: { type: 'string' },
        cwd: { type: 'string' },
        samples: { type: 'string' },
        color: { type: 'boolean' },
        guard: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [file, ...programArgs] = positionals;
  if (!file) throw new UsageError('missing FILE.py');
  return {
    kind: 'run',
    options: {
      file,
      json: values.json ?? false,
      call: values.call ?? null,
      python: values.python ?? null,
      timeoutMs: boundedInteger('--timeout', values.timeout, USER_LIMITS.timeoutMs),
      stdinFile: values.stdin ?? null,
      cwd: values.cwd ?? null,
      samples: boundedInteger('--samples', values.samples, USER_LIMITS.samples),
      color: values['no-color'] ? false : values.color ? true : null,
      guard: values.guard ?? false,
      programArgs,
    },
  };
}

/** A flag's value within its limit's bounds (shared/limits.ts): out of bounds is a usage error, not a silent clamp. */
function boundedInteger(flag: string, text: string | undefined, bounds: Bounded): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new UsageError(`${flag} takes a whole number from ${bounds.min} to ${bounds.max}, not "${text}"`);
  }
  return value;
}
