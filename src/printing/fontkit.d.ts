/**
 * The part of fontkit 2 (foliojs, MIT) that `subsetFontkit.ts` uses; the package ships no types.
 */
declare module 'fontkit' {
  interface FontkitSubset {
    encode(): Uint8Array;
  }
  interface FontkitFont {
    createSubset(): FontkitSubset;
  }
  export function create(buffer: Buffer): FontkitFont;
}
