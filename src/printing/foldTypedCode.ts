/** Spaces and the dashes people type between groups (ASCII, Unicode dashes, minus, the long-vowel mark an IME gives). */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\u30fc]/g;

/**
 * A code as typed, folded the way a copier keypad would read it: full-width characters to
 * half-width (NFKC), lower case to upper case, group separators dropped. The result may still
 * be invalid; the caller checks alphabet and length.
 */
export function foldTypedCode(text: string): string {
  return text.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
}
