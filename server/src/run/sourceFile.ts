import { readFile } from 'node:fs/promises';
import { TextDecoder } from 'node:util';

export class UnreadableSourceError extends Error {}

/**
 * Read a Python file as Python would: UTF-8 unless a PEP 263 coding cookie on one of the first two
 * lines says otherwise. A file that is neither gets a clear error instead of mojibake.
 */
export async function readPythonSource(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new UnreadableSourceError(`cannot read ${path}: ${why}`);
  }
  return decodePythonSource(bytes, path);
}

export function decodePythonSource(bytes: Uint8Array, path: string): string {
  const encoding = codingCookie(bytes) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  } catch {
    throw new UnreadableSourceError(`cannot read ${path}: it declares the unknown encoding "${encoding}"`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new UnreadableSourceError(
      encoding === 'utf-8'
        ? `cannot read ${path}: it is not UTF-8 text (save it as UTF-8, or declare its encoding with a "# -*- coding: ... -*-" line)`
        : `cannot read ${path}: it is not valid ${encoding} text, as its coding line declares`,
    );
  }
}

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

function codingCookie(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 400)).toString('latin1').split(/\r?\n|\r/).slice(0, 2);
  for (const line of head) {
    const match = COOKIE.exec(line);
    if (match) return webEncodingLabel(match[1]!);
    if (!/^[ \t\f]*(#.*)?$/.test(line)) break;
  }
  return null;
}

/** Python's spelling of an encoding (`latin-1`, `utf_8`, `cp1252`) as a WHATWG TextDecoder label. */
function webEncodingLabel(pythonName: string): string {
  const name = pythonName.toLowerCase().replace(/_/g, '-');
  if (/^utf-?8(-.*)?$/.test(name)) return 'utf-8';
  if (/^(latin-?1|iso-?8859-1|l1)$/.test(name)) return 'latin1';
  return name.replace(/^cp(\d+)$/, 'windows-$1').replace(/^iso(\d)/, 'iso-$1');
}
