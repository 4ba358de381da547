/**
 * Draws the two Microsoft Teams app icons and writes them as PNG files:
 *
 *   teams/color.png    192×192, full colour: a white certificate on a blue square
 *   teams/outline.png   32×32, the same certificate as a white outline on transparency
 *
 * Run once after changing the drawing: `node scripts/teams-icons.js`. Only node:zlib and
 * node:fs are used, so nothing needs installing. Both icons are drawn on the same 32-unit
 * grid (the colour icon is six times larger) and anti-aliased by 4×4 supersampling.
 */
/* global Buffer, __dirname */
const zlib = require('node:zlib');
const fs = require('node:fs');

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An 8-bit RGBA PNG from `rgba` (width × height × 4 bytes, row by row). */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: truecolour with alpha
  // compression, filter and interlace methods stay 0
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, row + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Renders `shade(u, v)` — u, v on the 32-unit grid, returning [r, g, b, a] with a in 0..1 —
 * into `size` × `size` pixels, averaging 4×4 samples per pixel (premultiplied).
 */
function render(size, shade) {
  const samples = 4;
  const scale = 32 / size;
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const u = (x + (sx + 0.5) / samples) * scale;
          const v = (y + (sy + 0.5) / samples) * scale;
          const [cr, cg, cb, ca] = shade(u, v);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (y * size + x) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (samples * samples)) * 255);
    }
  }
  return rgba;
}

// The certificate, on the 32-unit grid: a page with its top-right corner folded over.
const inRect = (u, v, x0, y0, x1, y1) => u >= x0 && u <= x1 && v >= y0 && v <= y1;
const page = (u, v) => inRect(u, v, 7, 3, 25, 29) && u - v <= 15;
const flap = (u, v) => page(u, v) && u >= 18 && v <= 10;
const textLine = (u, v, short) =>
  inRect(u, v, 12, 12, 20, 14) || inRect(u, v, 12, 16, 20, 18) || inRect(u, v, 12, 20, short, 22);
const seal = (u, v, radius) => (u - 18.5) ** 2 + (v - 23) ** 2 <= radius ** 2;

const BLUE = [0x2f, 0x55, 0x97, 1];
const WHITE = [0xff, 0xff, 0xff, 1];
const FOLD = [0xc9, 0xd6, 0xee, 1];
const GOLD = [0xf2, 0xb2, 0x33, 1];
const GOLD_DARK = [0xd8, 0x92, 0x1a, 1];
const CLEAR = [0xff, 0xff, 0xff, 0];

function colorShade(u, v) {
  if (!page(u, v)) return BLUE;
  if (flap(u, v)) return FOLD;
  if (seal(u, v, 2)) return GOLD_DARK;
  if (seal(u, v, 3.5)) return GOLD;
  if (textLine(u, v, 14)) return BLUE;
  return WHITE;
}

function outlineShade(u, v) {
  const border = page(u, v) && !(inRect(u, v, 9, 5, 23, 27) && u - v <= 15 - 2 * Math.SQRT2);
  const fold = page(u, v) && (inRect(u, v, 17, 3, 19, 11) || inRect(u, v, 17, 9, 25, 11));
  const ring = seal(u, v, 3.5) && !seal(u, v, 2);
  return border || fold || ring || textLine(u, v, 14) ? WHITE : CLEAR;
}

const dir = `${__dirname}/../teams`;
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(`${dir}/color.png`, encodePng(192, 192, render(192, colorShade)));
fs.writeFileSync(`${dir}/outline.png`, encodePng(32, 32, render(32, outlineShade)));
process.stdout.write('Wrote teams/color.png (192×192) and teams/outline.png (32×32).\n');
