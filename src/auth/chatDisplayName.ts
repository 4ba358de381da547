/** LINE allows 20 characters; room for other platforms, short enough for one line of a page. */
export const MAX_DISPLAY_NAME_LENGTH = 40;

/**
 * Control characters, and the marks that reorder text: a name with a right-to-left override
 * could make the login page or the notice mail read differently from what was stored.
 */
const HIDDEN = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A chat platform's display name made fit to quote: hidden characters removed, white space
 * collapsed, at most {@link MAX_DISPLAY_NAME_LENGTH} characters (an ellipsis marks a cut).
 * Undefined when nothing is left. It is still the user's own text: HTML escaping stays the
 * job of whoever renders it.
 */
export function chatDisplayName(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const clean = raw.replace(HIDDEN, '').replace(/\s+/gu, ' ').trim();
  if (!clean) return undefined;
  // Code points, not UTF-16 units, so that a cut never splits a surrogate pair.
  const chars = Array.from(clean);
  if (chars.length <= MAX_DISPLAY_NAME_LENGTH) return clean;
  return `${chars
    .slice(0, MAX_DISPLAY_NAME_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}
