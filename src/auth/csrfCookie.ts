import { timingSafeEqual } from 'node:crypto';
import { isRandomToken, randomToken } from './randomToken';

/**
 * Double-submit CSRF protection for the login form: a random token in an HttpOnly, SameSite=Strict
 * cookie and the same token in a hidden field; a post is accepted only when both are present
 * and equal. Another site can make the browser post the form, but can neither read the cookie
 * nor set it, so it cannot fill in the field.
 */
export class CsrfCookie {
  /** `__Host-` (HTTPS only) pins the cookie to this host and path `/`: no subdomain can plant one. */
  readonly name: string;
  private readonly attributes: string;

  constructor(secure: boolean, maxAgeSeconds = 60 * 60) {
    this.name = secure ? '__Host-certbot_login_csrf' : 'certbot_login_csrf';
    const path = secure ? '/' : '/auth';
    this.attributes = `Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }

  /** The browser's current token if it sent a well-formed one (a second tab keeps working), else a new one. */
  tokenFor(cookieHeader: string | undefined): { token: string; setCookie?: string } {
    const current = this.read(cookieHeader);
    if (current) return { token: current };
    const token = randomToken();
    return { token, setCookie: `${this.name}=${token}; ${this.attributes}` };
  }

  /** Whether the cookie and the form field carry the same well-formed token. */
  matches(cookieHeader: string | undefined, field: unknown): boolean {
    const cookie = this.read(cookieHeader);
    if (!cookie || !isRandomToken(field)) return false;
    return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
  }

  private read(cookieHeader: string | undefined): string | undefined {
    for (const pair of (cookieHeader ?? '').split(';')) {
      const at = pair.indexOf('=');
      if (at < 0 || pair.slice(0, at).trim() !== this.name) continue;
      const value = pair.slice(at + 1).trim();
      if (isRandomToken(value)) return value;
    }
    return undefined;
  }
}
