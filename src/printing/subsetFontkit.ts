import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { create as createFont } from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

/** What pdf-lib asks of a font engine (`registerFontkit`). */
export type PdfFontkit = Parameters<PDFDocument['registerFontkit']>[0];

interface FontkitSubset {
  encode(): Uint8Array;
  encodeStream?: () => Readable;
}
interface FontkitFont {
  createSubset(): FontkitSubset;
}

const parsed = new WeakMap<Uint8Array, FontkitFont>();

/**
 * fontkit 2 (foliojs) for pdf-lib's subsetting. pdf-lib's own `@pdf-lib/fontkit` fork writes
 * broken subsets of large TrueType and CFF fonts (its `loca` offsets drift, so most CJK glyphs
 * render blank while text extraction still works); fontkit 2 fixed that upstream. fontkit 2
 * returns a subset's bytes from `encode()` where pdf-lib reads the stream of fontkit 1, so each
 * subset gets that stream. A font file is parsed once per process (its bytes are cached by the
 * caller), and every document makes its own subset of it.
 */
export const subsetFontkit: PdfFontkit = {
  create(bytes: Uint8Array) {
    let font = parsed.get(bytes);
    if (!font) {
      const created: FontkitFont = createFont(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
      );
      const createSubset = created.createSubset.bind(created);
      created.createSubset = () => {
        const subset = createSubset();
        subset.encodeStream = () => Readable.from([subset.encode()]);
        return subset;
      };
      parsed.set(bytes, created);
      font = created;
    }
    return font as unknown as ReturnType<PdfFontkit['create']>;
  },
};

/**
 * The name of an embedded font subset as the PDF specification wants it (9.6.4): six capital
 * letters, `+`, the font's name — e.g. `KQMXHD+BIZUDMincho-Regular`. The tag comes from `seed`
 * (the document's verification code), so one document always gets the same name.
 */
export function subsetFontName(fontName: string, seed: string): string {
  const digest = createHash('sha256').update(`${seed}\0${fontName}`).digest();
  const tag = [...digest.subarray(0, 6)].map((byte) => String.fromCharCode(65 + (byte % 26)));
  return `${tag.join('')}+${fontName}`;
}
