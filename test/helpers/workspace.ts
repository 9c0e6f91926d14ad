// A fingerprint of a folder, to show that a run changed nothing on disk: every entry's path, type,
// permissions and content (a symlink's target, not what it points to). Compare two fingerprints
// with `changes` to say what differs.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Relative path → what is there ("file 644 <sha256>", "dir 755", "link -> target", …). */
export type Fingerprint = Map<string, string>;

export function fingerprint(root: string): Fingerprint {
  const entries: Fingerprint = new Map();
  const visit = (path: string) => {
    const stat = lstatSync(path);
    const name = relative(root, path) || '.';
    const mode = (stat.mode & 0o7777).toString(8);
    if (stat.isSymbolicLink()) entries.set(name, `link -> ${readlinkSync(path)}`);
    else if (stat.isDirectory()) {
      entries.set(name, `dir ${mode}`);
      for (const child of readdirSync(path).sort()) visit(join(path, child));
    } else if (stat.isFile()) entries.set(name, `file ${mode} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    else entries.set(name, `special ${mode} ${stat.isFIFO() ? 'fifo' : stat.isSocket() ? 'socket' : 'device'}`);
  };
  visit(root);
  return entries;
}

/** One digest of a whole fingerprint. */
export function digest(print: Fingerprint): string {
  const hash = createHash('sha256');
  for (const [name, what] of [...print].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${name}\0${what}\n`);
  return hash.digest('hex');
}

/** What differs between two fingerprints, one line per path (empty: nothing). */
export function changes(before: Fingerprint, after: Fingerprint): string[] {
  const lines: string[] = [];
  for (const [name, what] of before) {
    if (!after.has(name)) lines.push(`removed ${name} (${what})`);
    else if (after.get(name) !== what) lines.push(`changed ${name}: ${what} → ${after.get(name)}`);
  }
  for (const [name, what] of after) if (!before.has(name)) lines.push(`added ${name} (${what})`);
  return lines;
}
