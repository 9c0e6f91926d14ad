// A Python process killed by a signal, in plain words: which signal, and the line where it
// happened when that is known: from a faulthandler dump on stderr (the innermost frame in the
// traced file: exact), else the last line the last snapshot saw run (up to a second earlier).
import type { CrashInfo, Trace } from '../trace/types';

/** What each signal means to a user; signals not listed are "Killed by SIGxxx". */
const SIGNAL_WORDS: Record<string, string> = {
  SIGSEGV: 'Crashed: segmentation fault (SIGSEGV)',
  SIGBUS: 'Crashed: bus error (SIGBUS)',
  SIGFPE: 'Crashed: arithmetic error (SIGFPE)',
  SIGILL: 'Crashed: illegal instruction (SIGILL)',
  SIGABRT: 'Crashed: aborted (SIGABRT)',
  SIGSYS: 'Crashed: bad system call (SIGSYS)',
  SIGTRAP: 'Crashed: trace trap (SIGTRAP)',
  // Runlens kills with SIGKILL only when a run is cancelled or over its time limit, which say so;
  // any other SIGKILL most likely came from the kernel's out-of-memory killer.
  SIGKILL: 'Killed (SIGKILL, perhaps out of memory)',
  SIGTERM: 'Terminated (SIGTERM)',
  SIGINT: 'Interrupted (SIGINT)',
  SIGHUP: 'Hung up (SIGHUP)',
  SIGPIPE: 'Killed: broken pipe (SIGPIPE)',
  SIGXCPU: 'Killed: CPU time limit exceeded (SIGXCPU)',
  SIGXFSZ: 'Killed: file size limit exceeded (SIGXFSZ)',
};

/** The crash of a process killed by `signal` while running `entry`; `stderr` is what it wrote there, `snapshot` the last one. */
export function describeCrash(signal: string, stderr: string, entry: string, snapshot: Trace | null): CrashInfo {
  const message = SIGNAL_WORDS[signal] ?? `Killed by ${signal}`;
  const dumped = faultHandlerLine(stderr, entry);
  if (dumped !== null) return { signal, message, line: dumped, lineIsExact: true };
  const path = snapshot?.path;
  // A cut path's last line is where the path stopped being recorded, not where the program was.
  const seen = path && !path.truncated ? (path.lines.at(-1) ?? null) : null;
  return { signal, message, line: seen, lineIsExact: false };
}

/**
 * The innermost frame of the traced file in the crashing thread of a faulthandler dump:
 *
 *     Fatal Python error: Segmentation fault
 *
 *     Current thread 0x00007f… (most recent call first):
 *       File "/work/program.py", line 3 in crash
 *       File "/work/program.py", line 5 in <module>
 *
 * faulthandler writes non-ASCII characters of a path escaped (\xe9, \u20ac, \U0001f600).
 */
export function faultHandlerLine(stderr: string, entry: string): number | null {
  const fatal = stderr.lastIndexOf('Fatal Python error:');
  if (fatal < 0) return null;
  const dump = stderr.slice(fatal);
  const crashing = /^(?:Current thread [^\n]*|Stack) \(most recent call first\):\n((?:[ \t]+[^\n]*\n?)*)/m.exec(dump);
  const frames = crashing ? crashing[1]! : dump;
  const names = new Set([entry, asciiEscaped(entry)]);
  for (const frame of frames.matchAll(/^[ \t]+File "(.*)", line (\d+)/gm)) {
    if (names.has(frame[1]!)) return Number(frame[2]);
  }
  return null;
}

function asciiEscaped(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out;
}
