import type { DateTime } from 'luxon';
import { formatDateTime } from '../i18n/formatDateTime';
import type { Texts } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import type { Mail } from '../mail/mailer';
import type { ChatChannel } from '../students/student';
import { mailHtml } from './mailHtml';

export interface LinkNoticeMailInput {
  to: string;
  language: Language;
  channel: ChatChannel;
  /** The platform's display name (LINE), already bounded; user-controlled text. */
  displayName?: string;
  linkedAt: DateTime;
}

/**
 * Renders the link notice from `locales/<lng>/mail.json`: which chat was linked (the channel as
 * the login page names it, `auth` namespace, and the display name), when in Japan time, how to
 * unlink (the chat's own menu words, `bot` namespace) and whom to call if it was not the student.
 * Plain text with an HTML alternative holding the same paragraphs, like the confirmation mails.
 */
export class LinkNoticeMails {
  constructor(
    private readonly texts: Texts,
    private readonly callCenterPhone: string,
  ) {}

  notice(input: LinkNoticeMailInput): Mail {
    const t = this.texts.t(input.language, 'mail');
    const bot = this.texts.t(input.language, 'bot');
    const channel = this.texts.t(input.language, 'auth')(`channel.${input.channel}`);
    const time = formatDateTime(input.linkedAt, input.language);
    const paragraphs = [
      input.displayName
        ? t('linked.named', { time, channel, name: input.displayName })
        : t('linked.unnamed', { time, channel }),
      t('linked.unlink', { settings: bot('menu.settings'), unlink: bot('settings.unlink') }),
      t('linked.notYou', { phone: this.callCenterPhone }),
      t('sendOnly'),
      `${t('inquiriesTitle')}\n${t('inquiries', { phone: this.callCenterPhone })}`,
    ];
    return {
      to: input.to,
      subject: t('linked.subject'),
      text: paragraphs.join('\n\n') + '\n',
      html: mailHtml(paragraphs),
    };
  }
}
