import type { Response } from 'restify';
import { SECURITY_HEADERS } from './securityHeaders';

/** A server-rendered answer: a page, or a redirect (`Location` header, empty page). */
export interface Page {
  status: number;
  html: string;
  /** Sent after, and so over, the defaults of {@link sendPage}. */
  headers?: Record<string, string | string[]>;
}

/**
 * Answers with `page`, once: the {@link SECURITY_HEADERS}, `Cache-Control: no-store` and the
 * page's own headers. Does nothing when the response was already sent or the client went away.
 */
export function sendPage(res: Response, page: Page): void {
  if (res.headersSent || res.destroyed) return;
  res.sendRaw(page.status, page.html, {
    ...SECURITY_HEADERS,
    'Cache-Control': 'no-store',
    'Content-Type': 'text/html; charset=utf-8',
    ...page.headers,
  });
}
