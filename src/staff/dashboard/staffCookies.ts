import type { Language } from '../../i18n/language';

/** The value of cookie `name` in a `Cookie` header, if present. */
export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at >= 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * The dashboard's cookies: the session, the CSRF token of its forms, and the chosen language.
 * Over HTTPS they are `Secure` and named `__Host-…` (pinned to this host and path `/`, so no
 * subdomain can plant one); over plain HTTP (a developer's machine) they are scoped to `/admin`.
 * None is shared with the students' login page.
 */
export class StaffCookies {
  readonly sessionName: string;
  readonly csrfName: string;
  readonly languageName: string;
  private readonly scope: string;

  constructor(secure: boolean) {
    const name = (base: string): string => (secure ? `__Host-${base}` : base);
    this.sessionName = name('certbot_staff_session');
    this.csrfName = name('certbot_staff_csrf');
    this.languageName = name('certbot_staff_lng');
    this.scope = `Path=${secure ? '/' : '/admin'}${secure ? '; Secure' : ''}`;
  }

  /** No Max-Age: the browser forgets it when it closes; the store ends it sooner when idle. */
  session(sessionId: string): string {
    return `${this.sessionName}=${sessionId}; ${this.scope}; HttpOnly; SameSite=Strict`;
  }

  clearSession(): string {
    return `${this.sessionName}=; ${this.scope}; Max-Age=0; HttpOnly; SameSite=Strict`;
  }

  csrf(token: string, maxAgeSeconds: number): string {
    return `${this.csrfName}=${token}; ${this.scope}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict`;
  }

  /** Remembered for a year; Lax so that a link from a mail opens the page in the same language. */
  language(language: Language): string {
    return `${this.languageName}=${language}; ${this.scope}; Max-Age=31536000; HttpOnly; SameSite=Lax`;
  }
}
