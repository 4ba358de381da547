import { timingSafeEqual } from 'node:crypto';
import { isRandomToken, randomToken, tokenHash } from './randomToken';

/** How long a started single sign-on may take, as long as the provider's state lives. */
const MAX_AGE_SECONDS = 600;

/**
 * Ties a single sign-on's answer to the browser that started it. Without it, someone could start
 * a login for their own chat, copy the identity provider's URL and send it to a student: the
 * student's login would link the student's ID to that person's chat. `/auth/login/start` sets a
 * random cookie and the provider's state remembers its hash; the callback ends the login only
 * for the browser that carries the cookie. `SameSite=None` (with `Secure`, so over https) because
 * a SAML answer is a cross-site POST from the identity provider; over plain http (development)
 * `Lax`, which still covers the OpenID Connect redirect.
 */
export class SsoBrowserBinding {
  readonly name: string;
  private readonly attributes: string;

  constructor(secure: boolean) {
    this.name = secure ? '__Host-certbot_sso' : 'certbot_sso';
    const sameSite = secure ? 'None; Secure' : 'Lax';
    this.attributes = `Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=${sameSite}`;
  }

  /** A new binding: the cookie to set, and the key the provider's state keeps (its hash). */
  issue(): { setCookie: string; key: string } {
    const token = randomToken();
    return { setCookie: `${this.name}=${token}; ${this.attributes}`, key: tokenHash(token) };
  }

  /** Whether the request's cookies carry the binding whose key the state kept. */
  matches(cookieHeader: string | undefined, key: string | undefined): boolean {
    if (!key) return false;
    const expected = Buffer.from(key);
    for (const pair of (cookieHeader ?? '').split(';')) {
      const at = pair.indexOf('=');
      if (at < 0 || pair.slice(0, at).trim() !== this.name) continue;
      const value = pair.slice(at + 1).trim();
      if (!isRandomToken(value)) continue;
      const presented = Buffer.from(tokenHash(value));
      if (presented.length === expected.length && timingSafeEqual(presented, expected)) return true;
    }
    return false;
  }

  /** Clears the cookie once the login it started is over. */
  cleared(): string {
    return `${this.name}=; ${this.attributes.replace(/Max-Age=\d+/, 'Max-Age=0')}`;
  }
}
