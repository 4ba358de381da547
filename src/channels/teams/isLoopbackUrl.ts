import { isIPv4 } from 'node:net';

/** Longer than any address a local Emulator or test connector uses. */
const MAX_LENGTH = 2048;

/**
 * Whether `raw` is an http(s) URL of this machine's loopback interface (`localhost`,
 * 127.0.0.0/8 or `[::1]`) written in its canonical form: no user info, query or fragment, and
 * spelled exactly as the WHATWG URL parser writes it back (a trailing `/` may be left out).
 * The canonical-form rule matters: the address is checked here but fetched later by another
 * library, so anything two parsers might read differently (`localhost\@evil.example`, decimal
 * or hex IPv4, IPv4-mapped IPv6, upper case, percent-encoded dots) is refused rather than
 * interpreted.
 */
export function isLoopbackUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > MAX_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password || url.search || url.hash) return false;
  if (raw !== url.href && `${raw}/` !== url.href) return false;
  return isLoopbackHost(url.hostname);
}

function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}
