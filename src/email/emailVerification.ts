import { DateTime } from 'luxon';
import type { Texts } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import type { Mailer } from '../mail/mailer';
import { ZONE, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import { hashEmailToken, isWellFormedEmailToken, newEmailToken } from './emailToken';
import type {
  EmailPurpose,
  EmailSendLimit,
  EmailTokenLookup,
  EmailTokenRecord,
  EmailTokenStore,
} from './emailTokenStore';
import { InvalidEmailAddressError } from './errors';
import { checkEmailAddress } from './validateEmailAddress';
import { VerificationMails } from './verificationMails';

export interface EmailVerificationDeps {
  store: EmailTokenStore;
  mailer: Mailer;
  texts: Texts;
  clock: Clock;
  /** `PUBLIC_URL`: the confirmation links start with it. */
  publicUrl: string;
  callCenterPhone: string;
  logger?: Logger;
  metrics?: Metrics;
  /** How long a link works; default 30 minutes (the manual's "Due date for the URL"). */
  validMinutes?: number;
  /** Default: at most 3 mails per student in any 30 minutes. */
  sendLimit?: { max: number; windowMinutes: number };
}

export interface StartVerification {
  studentId: string;
  /** Already validated with {@link validateEmailAddress}. */
  address: string;
  language: Language;
  purpose: EmailPurpose;
  /** For a change: the address in force until the new one is confirmed. */
  previousAddress?: string;
}

/** `expiresAt` / `retryAt` are ISO times in Japan time. */
export type StartResult =
  { status: 'sent'; expiresAt: string } | { status: 'limited'; retryAt: string };

/** A confirmed address: what the caller stores (and, for a change, the old address to notify). */
export type ConfirmedEmail = { status: 'confirmed' } & Omit<EmailTokenRecord, 'expiresAt'>;

export type ConfirmResult = ConfirmedEmail | { status: 'expired' | 'used' | 'unknown' };

export const DEFAULT_VALID_MINUTES = 30;
export const DEFAULT_SEND_LIMIT = { max: 3, windowMinutes: 30 } as const;

/**
 * Confirms that a student owns an address: sends a one-time link (stored only as its hash,
 * newest link only, resends limited) and later accepts it once. Waiting for the click is domain
 * state, not a dialog: whoever calls {@link confirm} tells the student in the chat.
 */
export class EmailVerification {
  private readonly mails: VerificationMails;
  private readonly validMinutes: number;
  private readonly limit: EmailSendLimit;

  constructor(private readonly deps: EmailVerificationDeps) {
    this.mails = new VerificationMails(deps.texts, deps);
    this.validMinutes = deps.validMinutes ?? DEFAULT_VALID_MINUTES;
    const { max, windowMinutes } = deps.sendLimit ?? DEFAULT_SEND_LIMIT;
    this.limit = { max, windowMs: windowMinutes * 60_000 };
  }

  /**
   * Sends the confirmation mail, unless the student reached the resend limit. The previous
   * link stops working as soon as the new one is issued, even if sending then fails (the
   * student is told to try again; a {@link MailDeliveryError} reaches the caller).
   */
  async start(request: StartVerification): Promise<StartResult> {
    const checked = checkEmailAddress(request.address);
    if (!checked.ok) throw new InvalidEmailAddressError(checked.reason);
    const now = this.deps.clock.now();
    const expiresAt = now.plus({ minutes: this.validMinutes });
    const token = newEmailToken();
    const record: EmailTokenRecord = {
      studentId: request.studentId,
      address: checked.address,
      purpose: request.purpose,
      language: request.language,
      expiresAt: expiresAt.toISO() ?? '',
      ...(request.previousAddress ? { previousAddress: request.previousAddress } : {}),
    };
    const issued = await this.deps.store.issue(hashEmailToken(token), record, {
      nowMs: now.toMillis(),
      limit: this.limit,
    });
    if (!issued.issued) {
      this.count('limited');
      const retryAt = DateTime.fromMillis(issued.retryAtMs, { zone: ZONE });
      return { status: 'limited', retryAt: retryAt.toISO() ?? '' };
    }
    await this.deps.mailer.send(
      this.mails.confirmation({
        to: record.address,
        token,
        purpose: record.purpose,
        language: record.language,
        expiresAt,
        validMinutes: this.validMinutes,
      }),
    );
    this.count('sent');
    this.deps.logger?.info({ purpose: record.purpose }, 'email confirmation mail sent');
    return { status: 'sent', expiresAt: record.expiresAt };
  }

  /** What a link stands for, without using it: opening a link changes nothing. */
  async inspect(token: string): Promise<EmailTokenLookup> {
    if (!isWellFormedEmailToken(token)) return { status: 'unknown' };
    return this.deps.store.inspect(hashEmailToken(token), this.deps.clock.now().toMillis());
  }

  /** Uses a link: of any number of concurrent calls with one token, exactly one confirms. */
  async confirm(token: string): Promise<ConfirmResult> {
    const found: EmailTokenLookup = isWellFormedEmailToken(token)
      ? await this.deps.store.consume(hashEmailToken(token), this.deps.clock.now().toMillis())
      : { status: 'unknown' };
    if (found.status !== 'valid') {
      this.count(found.status);
      return { status: found.status };
    }
    this.count('confirmed');
    const { expiresAt: _expiresAt, ...confirmed } = found.record;
    return { status: 'confirmed', ...confirmed };
  }

  /** Tells the old address that the registered address was changed, and whom to call if not. */
  async sendChangeNotice(previousAddress: string, language: Language): Promise<void> {
    await this.deps.mailer.send(
      this.mails.changeNotice({ to: previousAddress, language, changedAt: this.deps.clock.now() }),
    );
    this.count('notice');
  }

  private count(event: string): void {
    this.deps.metrics?.emailVerifications.inc({ event });
  }
}
