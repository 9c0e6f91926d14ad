// Writes images/icon.png (128×128): a magnifying lens over lines of code, one line lit.
// No dependencies: pixels drawn with 4×4 supersampling, encoded with node:zlib.
// Run: node images/generate-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4;

function rgba(hex, a = 1) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, a];
}

const BG_TOP = rgba('#1e3a5f');
const BG_BOTTOM = rgba('#0f1f33');
const LINE = rgba('#5b7a9d');
const LIT = rgba('#ffd166');
const RING = rgba('#e8f1fa');
const GLASS = rgba('#7fc8f8', 0.22);

function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Colour of one sample point, or null for transparent. */
function sample(x, y) {
  if (!roundedRect(x, y, 4, 4, 124, 124, 22)) return null;
  const t = (y - 4) / 120;
  let c = BG_TOP.map((v, i) => v + (BG_BOTTOM[i] - v) * t);
  const over = (top) => {
    const a = top[3];
    c = [c[0] + (top[0] - c[0]) * a, c[1] + (top[1] - c[1]) * a, c[2] + (top[2] - c[2]) * a, 1];
  };
  // Lines of code.
  const rows = [[24, 22, 70], [40, 30, 92], [56, 30, 80], [72, 22, 88], [88, 30, 66], [104, 22, 58]];
  for (const [ry, rx0, rx1] of rows) {
    if (roundedRect(x, y, rx0, ry - 3.5, rx1, ry + 3.5, 3.5)) over(ry === 56 ? LIT : LINE);
  }
  // The lens: glass, ring, handle.
  const lx = 62, ly = 56, r = 30;
  const d = Math.hypot(x - lx, y - ly);
  if (d < r) over(GLASS);
  if (Math.abs(d - r) < 5) over(RING);
  if (distToSegment(x, y, lx + 24, ly + 24, 108, 102) < 7) over(RING);
  return c;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a += 1;
      }
    }
    const o = py * (SIZE * 4 + 1) + 1 + px * 4;
    raw[o] = a ? Math.round(r / a) : 0;
    raw[o + 1] = a ? Math.round(g / a) : 0;
    raw[o + 2] = a ? Math.round(b / a) : 0;
    raw[o + 3] = Math.round((255 * a) / (SS * SS));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`icon.png: ${png.length} bytes`);
