import type { DateTime } from 'luxon';
import { formatDateTime } from '../i18n/formatDateTime';
import type { Texts } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import type { Mail } from '../mail/mailer';
import type { EmailPurpose } from './emailTokenStore';
import { mailHtml } from './mailHtml';

/** Where confirmation links point: `GET` shows the confirm button, `POST` confirms. */
export const EMAIL_CONFIRM_PATH = '/auth/email/confirm';

export interface VerificationMailSettings {
  /** The service's public base URL, without a trailing slash (`PUBLIC_URL`). */
  publicUrl: string;
  /** Printed in every mail's inquiries footer. */
  callCenterPhone: string;
}

export interface ConfirmationMailInput {
  to: string;
  token: string;
  purpose: EmailPurpose;
  language: Language;
  expiresAt: DateTime;
  validMinutes: number;
}

/**
 * Renders the mails of address confirmation (registration, change) from
 * `locales/<lng>/mail.json`, in the university's wording. Each mail is plain text with a simple
 * HTML alternative holding the same paragraphs.
 */
export class VerificationMails {
  constructor(
    private readonly texts: Texts,
    private readonly settings: VerificationMailSettings,
  ) {}

  /** The one-time URL for `token`. */
  confirmationLink(token: string): string {
    return `${this.settings.publicUrl}${EMAIL_CONFIRM_PATH}?token=${encodeURIComponent(token)}`;
  }

  /** "You can register / change your email address" with the one-time URL and its due time. */
  confirmation(input: ConfirmationMailInput): Mail {
    const t = this.texts.t(input.language, 'mail');
    const link = this.confirmationLink(input.token);
    const command = this.texts.t(input.language, 'email')('resendCommand');
    const paragraphs = [
      t(`${input.purpose}.intro`),
      t(`${input.purpose}.action`),
      link,
      t('due', { minutes: input.validMinutes, time: this.time(input.language, input.expiresAt) }),
      t('oneTime', { command }),
      `${t('notYou')}\n${t('sendOnly')}`,
      this.inquiries(input.language),
    ];
    return {
      to: input.to,
      subject: t(`${input.purpose}.subject`),
      text: paragraphs.join('\n\n') + '\n',
      html: mailHtml(paragraphs, link),
      link,
    };
  }

  /** The notice to the old address after a change: "if this was not you, call …". */
  changeNotice(input: { to: string; language: Language; changedAt: DateTime }): Mail {
    const t = this.texts.t(input.language, 'mail');
    const paragraphs = [
      t('changed.body', { time: this.time(input.language, input.changedAt) }),
      t('changed.notYou', { phone: this.settings.callCenterPhone }),
      t('sendOnly'),
      this.inquiries(input.language),
    ];
    return {
      to: input.to,
      subject: t('changed.subject'),
      text: paragraphs.join('\n\n') + '\n',
      html: mailHtml(paragraphs),
    };
  }

  private inquiries(language: Language): string {
    const t = this.texts.t(language, 'mail');
    return `${t('inquiriesTitle')}\n${t('inquiries', { phone: this.settings.callCenterPhone })}`;
  }

  /** Japan time, written as the chat writes it. */
  private time(language: Language, at: DateTime): string {
    return formatDateTime(at, language);
  }
}
