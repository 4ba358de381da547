import { inflateSync } from 'node:zlib';

/** An 8-bit RGBA image, row by row. */
export interface Pixels {
  width: number;
  height: number;
  rgba: Buffer;
}

/**
 * Decodes a non-interlaced 8-bit RGBA or RGB PNG (what resvg writes), enough for tests to look
 * at the pixels of a rendered image.
 */
export function decodePng(png: Buffer): Pixels {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [depth, colourType, , , interlace] = png.subarray(24, 29);
  const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
  if (depth !== 8 || !channels || interlace !== 0) throw new Error('Unsupported PNG');
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 4, 255);
  const previous = Buffer.alloc(stride);
  const row = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? row[i - channels] : 0;
      const up = previous[i];
      const corner = i >= channels ? previous[i - channels] : 0;
      row[i] = (line[i] + predict(filter, left, up, corner)) & 0xff;
    }
    if (channels === 4) row.copy(out, y * stride);
    else
      for (let x = 0; x < width; x++)
        row.copy(out, (y * width + x) * 4, x * channels, x * channels + channels);
    row.copy(previous);
  }
  return { width, height, rgba: out };
}

function predict(filter: number, left: number, up: number, corner: number): number {
  switch (filter) {
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - corner;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
    }
    default:
      return 0;
  }
}

/** How many pixels of the rectangle differ clearly (any channel by > 96) from `background`. */
export function countInk(
  image: Pixels,
  box: { x: number; y: number; width: number; height: number },
  background: [number, number, number],
): number {
  let ink = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const at = (y * image.width + x) * 4;
      if (background.some((c, i) => Math.abs(image.rgba[at + i] - c) > 96)) ink++;
    }
  }
  return ink;
}
