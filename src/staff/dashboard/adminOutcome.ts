import type { SafeHtml } from '../../http/html';
import type { AdminSection } from './adminLayout';

/** A dashboard page to show in the frame of {@link AdminLayout}. */
export interface AdminPageOutcome {
  kind: 'page';
  status: number;
  title: string;
  body: SafeHtml;
  section?: AdminSection;
  refreshSeconds?: number;
  /** Where the language switch leads when this answers a POST (a page to GET). */
  switchPath?: string;
  setCookies?: string[];
  /** Closes the connection after answering (a body too large to read). */
  close?: boolean;
}

/** A 303 to another dashboard page (after a login, a logout, a sent push). */
export interface AdminRedirectOutcome {
  kind: 'redirect';
  location: string;
  setCookies?: string[];
}

/** What a dashboard handler answers; the route turns it into the HTTP response. */
export type AdminOutcome = AdminPageOutcome | AdminRedirectOutcome;

export function redirect(location: string, setCookies?: string[]): AdminRedirectOutcome {
  return { kind: 'redirect', location, setCookies };
}
