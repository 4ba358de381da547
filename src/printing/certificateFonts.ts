import { readFileSync } from 'node:fs';
import { StandardFonts, type PDFDocument, type PDFFont } from 'pdf-lib';
import type { Language } from '../i18n/language';
import { subsetFontkit, subsetFontName } from './subsetFontkit';

/** The regular and bold faces a certificate is set in. */
export interface CertificateFonts {
  regular: PDFFont;
  bold: PDFFont;
  /** True for the standard PDF fonts, which draw WinAnsi characters only. */
  standard: boolean;
}

/**
 * BIZ UDMincho (Morisawa, SIL Open Font License 1.1), the TrueType build that the npm package
 * `@expo-google-fonts/biz-udmincho` ships: a Mincho face as Japanese certificates use, with the
 * JIS X 0213 and IBM extension kanji of names (髙, 﨑, 邊).
 */
const JAPANESE_FACES = {
  regular: {
    name: 'BIZUDMincho-Regular',
    file: '@expo-google-fonts/biz-udmincho/400Regular/BIZUDMincho_400Regular.ttf',
  },
  bold: {
    name: 'BIZUDMincho-Bold',
    file: '@expo-google-fonts/biz-udmincho/700Bold/BIZUDMincho_700Bold.ttf',
  },
} as const;

const faceBytes = new Map<string, Uint8Array>();

/** A face's file, read once per process (about 6 MB each; only the glyphs used are embedded). */
function bytesOf(file: string): Uint8Array {
  let bytes = faceBytes.get(file);
  if (!bytes) {
    bytes = readFileSync(require.resolve(file));
    faceBytes.set(file, bytes);
  }
  return bytes;
}

/**
 * Embeds the faces a certificate in `language` is set in. Japanese: BIZ UDMincho as subsets
 * (named `ABCDEF+BIZUDMincho-Regular`, the tag derived from `seed`), so a page costs tens of
 * kilobytes, not megabytes. English: the standard Helvetica, which every reader has.
 */
export async function embedCertificateFonts(
  pdf: PDFDocument,
  language: Language,
  seed: string,
): Promise<CertificateFonts> {
  if (language === 'en') {
    return {
      regular: await pdf.embedFont(StandardFonts.Helvetica),
      bold: await pdf.embedFont(StandardFonts.HelveticaBold),
      standard: true,
    };
  }
  pdf.registerFontkit(subsetFontkit);
  const embed = (face: { name: string; file: string }) =>
    pdf.embedFont(bytesOf(face.file), {
      subset: true,
      customName: subsetFontName(face.name, seed),
    });
  return {
    regular: await embed(JAPANESE_FACES.regular),
    bold: await embed(JAPANESE_FACES.bold),
    standard: false,
  };
}
