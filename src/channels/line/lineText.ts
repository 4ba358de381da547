/**
 * LINE counts most text lengths in UTF-16 code units, but action labels in grapheme clusters
 * (what a reader sees as one character). These helpers cut text by the right measure without
 * ever splitting a character in two.
 */

const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cuts `text` to at most `max` UTF-16 code units, never inside a surrogate pair. */
export function truncateUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, safeCut(text, max));
}

/** Cuts `text` to at most `max` graphemes, ending with "…" when something was cut. */
export function truncateGraphemes(text: string, max: number): string {
  // A grapheme is at least one code unit: a text no longer than `max` units fits (most labels),
  // without segmenting it.
  if (text.length <= max) return text;
  const parts = Array.from(graphemes.segment(text), (s) => s.segment);
  if (parts.length <= max) return text;
  return parts.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/**
 * Splits `text` into pieces of at most `max` UTF-16 code units, preferring to break after a
 * line break, then after a space, so that a long message reads naturally across bubbles.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, safeCut(rest, max));
    const at = breakPoint(window, max);
    const piece = rest.slice(0, at).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(at).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function breakPoint(window: string, max: number): number {
  // Only break early when it costs less than half a message; otherwise cut hard.
  const newline = window.lastIndexOf('\n');
  if (newline >= max / 2) return newline + 1;
  const space = window.lastIndexOf(' ');
  if (space >= max / 2) return space + 1;
  return window.length;
}

function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
