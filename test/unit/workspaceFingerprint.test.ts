// The instrument the hostile suite will use to show that a run changed nothing on disk
// (test/helpers/workspace.ts): it must see every kind of change a program could make.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { changes, digest, fingerprint } from '../helpers/workspace';

const root = mkdtempSync(join(tmpdir(), 'runlens-fingerprint-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('every kind of change shows, and nothing else does', () => {
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'data.csv'), 'a,b\n');
  writeFileSync(join(root, 'notes.txt'), 'keep');
  symlinkSync('src/data.csv', join(root, 'link'));
  // Modes set here, whatever the umask.
  const modes = (entries: [string, number][]) => entries.forEach(([name, mode]) => chmodSync(join(root, name), mode));
  modes([['.', 0o755], ['src', 0o755], ['src/data.csv', 0o644], ['notes.txt', 0o644]]);
  const before = fingerprint(root);
  utimesSync(join(root, 'notes.txt'), new Date(0), new Date(0));
  assert.deepEqual(changes(before, fingerprint(root)), [], 'a timestamp is not content');
  assert.equal(digest(fingerprint(root)), digest(before));

  writeFileSync(join(root, 'src', 'data.csv'), 'a,c\n');
  chmodSync(join(root, 'notes.txt'), 0o600);
  unlinkSync(join(root, 'link'));
  symlinkSync('notes.txt', join(root, 'link'));
  execFileSync('mkfifo', [join(root, 'pipe')]);
  mkdirSync(join(root, 'new'));
  modes([['pipe', 0o644], ['new', 0o755]]);
  const after = fingerprint(root);
  assert.notEqual(digest(after), digest(before));
  assert.deepEqual(changes(before, after).map((line) => line.replace(/ [0-9a-f]{64}/g, ' <sha>')).sort(), [
    'added new (dir 755)',
    'added pipe (special 644 fifo)',
    'changed link: link -> src/data.csv → link -> notes.txt',
    'changed notes.txt: file 644 <sha> → file 600 <sha>',
    'changed src/data.csv: file 644 <sha> → file 644 <sha>',
  ]);
});
