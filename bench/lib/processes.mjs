// Timing a process from spawn to exit, the environment Node is started with, and the machine's state.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { median } from './stats.mjs';

/**
 * The environment every Node process of the benchmark (CLI and server) starts with: this machine's
 * without NODE_EXTRA_CA_CERTS, which makes each Node start parse a certificate bundle (~40 ms here)
 * that Runlens never uses and that users' machines do not set.
 */
export const NODE_ENV = withoutCaCerts(process.env);

export function withoutCaCerts(env) {
  const clean = { ...env };
  delete clean.NODE_EXTRA_CA_CERTS;
  return clean;
}

const SINK_DIR = mkdtempSync(join(tmpdir(), 'runlens-bench-out-'));
process.on('exit', () => rmSync(SINK_DIR, { recursive: true, force: true }));

/**
 * Wall time of one process, spawn to exit, in milliseconds, with its stdout. Its stdout and stderr
 * go to files (read afterwards), the cheapest sink for the program measured and the same for every
 * tool: a pipe read by spawnSync costs a loaded machine more than the program's own prints.
 * `timeoutMs`: kill it then (`timedOut` is set, `ms` is the time it was given). Throws when it
 * fails otherwise.
 */
export function timeProcess(command, args, { env = process.env, cwd, timeoutMs } = {}) {
  const stdoutPath = join(SINK_DIR, 'stdout');
  const stderrPath = join(SINK_DIR, 'stderr');
  const stdout = openSync(stdoutPath, 'w');
  const stderr = openSync(stderrPath, 'w');
  let result;
  let elapsed;
  try {
    const start = process.hrtime.bigint();
    result = spawnSync(command, args, { cwd, env, stdio: ['ignore', stdout, stderr], timeout: timeoutMs, killSignal: 'SIGKILL' });
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    closeSync(stdout);
    closeSync(stderr);
  }
  if (timeoutMs !== undefined && result.signal === 'SIGKILL' && elapsed >= timeoutMs) {
    return { ms: elapsed, stdout: '', timedOut: true };
  }
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}: ${readFileSync(stderrPath, 'utf8').slice(-2000)}`);
  }
  return { ms: elapsed, stdout: readFileSync(stdoutPath, 'utf8'), timedOut: false };
}

/**
 * Median start-up of `node -e 0` without NODE_EXTRA_CA_CERTS and, when this machine sets it, with
 * it, interleaved over `runs`.
 */
export function nodeStartupMs(runs = 9) {
  const clean = [];
  const withCerts = [];
  for (let i = 0; i < runs; i++) {
    clean.push(timeProcess(process.execPath, ['-e', '0'], { env: NODE_ENV }).ms);
    if (process.env.NODE_EXTRA_CA_CERTS) withCerts.push(timeProcess(process.execPath, ['-e', '0']).ms);
  }
  return { clean: median(clean), withCerts: withCerts.length ? median(withCerts) : null };
}

/** "1.23 1.10 0.98" (1, 5 and 15 minutes). */
export function loadAverage() {
  return loadavg().map((value) => value.toFixed(2)).join(' ');
}

/** One line about the machine: CPU model and count, memory, kernel, Node. */
export function machineDescription() {
  const cores = cpus();
  let os = `Linux ${release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) os = `${pretty[1]} (Linux ${release()})`;
  } catch {
    // not Linux: the kernel release says enough
  }
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, ${os}, Node ${process.versions.node}`;
}

/** Resident set size and its peak of a running process (Linux /proc), in bytes. */
export function processMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}
