import type { ConversationReference } from 'botbuilder';
import type { Language } from '../i18n/language';
import type { ChatAccount } from '../students/student';

/**
 * A pending "log in with your university ID" for one chat account. The bot creates it and
 * sends the login URL `/auth/login?request=<id>`; the id is ≥128 random bits, kept server-side,
 * valid 10 minutes and used once — it is the signed, expiring state that names the conversation.
 */
export interface LoginRequest {
  id: string;
  account: ChatAccount;
  /** Where to continue the conversation after login (web chat, Teams). */
  reference: Partial<ConversationReference>;
  language: Language;
  /**
   * The chat's own name for the account (the LINE display name) when known, bounded by
   * `chatDisplayName`: the login page and the link notice quote it. User-controlled text.
   */
  displayName?: string;
  /** LINE only: the link token for LINE's account-link redirect. */
  linkToken?: string;
  /** ISO time (JST) after which the request is void. */
  expiresAt: string;
}

export interface LoginRequestStore {
  create(request: Omit<LoginRequest, 'id' | 'expiresAt'>): Promise<LoginRequest>;
  /** The request while valid, without using it (to render the form). */
  peek(id: string): Promise<LoginRequest | undefined>;
  /** The request while valid, and never again: a second take returns undefined. */
  take(id: string): Promise<LoginRequest | undefined>;
}

/** What the login page does after the university accepted the ID and password. */
export type LoginOutcome =
  /** LINE: send the browser on to LINE's account-link URL with the nonce. */
  | { kind: 'redirect'; url: string }
  /** Web chat / Teams: the account is bound; the page says "return to the chat". */
  | { kind: 'done' };
