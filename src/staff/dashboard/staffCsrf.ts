import { timingSafeEqual } from 'node:crypto';
import { isRandomToken, randomToken } from '../../auth/randomToken';
import { readCookie, type StaffCookies } from './staffCookies';

/** As long as the longest session: a page left open all day still posts. */
const CSRF_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * Double-submit CSRF protection for the dashboard's forms, like the students' login page but
 * with a cookie of its own: a random token in an HttpOnly, SameSite=Strict cookie and the same
 * token in a hidden field; a post is accepted only when both are present and equal.
 */
export class StaffCsrf {
  constructor(private readonly cookies: StaffCookies) {}

  /** The browser's current token if well-formed (other tabs keep working), else a new one. */
  tokenFor(cookieHeader: string | undefined): { token: string; setCookie?: string } {
    const current = this.read(cookieHeader);
    if (current) return { token: current };
    const token = randomToken();
    return { token, setCookie: this.cookies.csrf(token, CSRF_MAX_AGE_SECONDS) };
  }

  /** A new token's cookie, whatever the browser had: given at login, so no token outlives it. */
  renewed(): string {
    return this.cookies.csrf(randomToken(), CSRF_MAX_AGE_SECONDS);
  }

  /** Whether the cookie and the form field carry the same well-formed token. */
  matches(cookieHeader: string | undefined, field: unknown): boolean {
    const cookie = this.read(cookieHeader);
    if (!cookie || !isRandomToken(field)) return false;
    return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
  }

  private read(cookieHeader: string | undefined): string | undefined {
    const value = readCookie(cookieHeader, this.cookies.csrfName);
    return isRandomToken(value) ? value : undefined;
  }
}
