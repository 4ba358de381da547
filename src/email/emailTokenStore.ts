import type { Language } from '../i18n/language';

/** Why an address is being confirmed: the first registration, or a change from the settings. */
export type EmailPurpose = 'register' | 'change';

/** What a confirmation token stands for. Stored under the token's hash, never the token. */
export interface EmailTokenRecord {
  studentId: string;
  /** The address to confirm, as validated. */
  address: string;
  purpose: EmailPurpose;
  /** For a change: the address that stays in force until this one is confirmed. */
  previousAddress?: string;
  /** The student's language when the mail was sent: the pages speak it too. */
  language: Language;
  /** ISO time (JST) from which the link no longer works. */
  expiresAt: string;
}

/** What a look-up found. A link replaced by a newer one counts as `expired`. */
export type EmailTokenLookup =
  { status: 'valid'; record: EmailTokenRecord } | { status: 'expired' | 'used' | 'unknown' };

/** At most `max` mails per student within any `windowMs`. */
export interface EmailSendLimit {
  max: number;
  windowMs: number;
}

export interface IssueOptions {
  /** "Now" in epoch milliseconds, from the service's clock. */
  nowMs: number;
  limit: EmailSendLimit;
}

export type IssueResult = { issued: true } | { issued: false; retryAtMs: number };

/**
 * Keeps confirmation tokens by hash. Each method is atomic on its own, so that two instances
 * (or two clicks) cannot both use one token, and a resend cannot slip past the limit.
 */
export interface EmailTokenStore {
  /**
   * Counts a mail against the student's limit and, if allowed, stores the record as the
   * student's only usable token: any earlier unconfirmed token stops working.
   */
  issue(tokenHash: string, record: EmailTokenRecord, options: IssueOptions): Promise<IssueResult>;
  /** Looks a token up without using it. */
  inspect(tokenHash: string, nowMs: number): Promise<EmailTokenLookup>;
  /** Uses a valid token: this call gets `valid`, every later one `used`. */
  consume(tokenHash: string, nowMs: number): Promise<EmailTokenLookup>;
}

/**
 * How long a record outlives its expiry, so that an old link still says "expired" or "used"
 * (410) rather than "unknown" (404) when opened the next day.
 */
export const EMAIL_TOKEN_RETAIN_MS = 7 * 24 * 3600 * 1000;
