import type { Texts } from '../i18n/i18n';
import { DEFAULT_LANGUAGE } from '../i18n/language';
import { MailDeliveryError } from '../mail/errors';
import type { Mailer } from '../mail/mailer';
import type { Logger } from '../platform/logger';
import type { LinkNotifier, NewChatLink } from '../students/chatAccountLinker';
import { LinkNoticeMails } from './linkNoticeMails';

export interface LinkNoticesDeps {
  mailer: Mailer;
  texts: Texts;
  /** Printed in the mail: whom to call when the link was not the student's doing. */
  callCenterPhone: string;
  logger: Logger;
}

/**
 * The {@link LinkNotifier} by mail: the notice goes to the student's confirmed address, in the
 * language the student chose before this link (not the new chat's, which may be a stranger's).
 */
export class LinkNotices implements LinkNotifier {
  private readonly mails: LinkNoticeMails;

  constructor(private readonly deps: LinkNoticesDeps) {
    this.mails = new LinkNoticeMails(deps.texts, deps.callCenterPhone);
  }

  async linked(link: NewChatLink): Promise<void> {
    const { student, account } = link;
    // A first login has no confirmed address yet (the chat asks for one right after it), so
    // there is no one to tell; every later link finds the address and is told.
    if (!student.email) return;
    try {
      await this.deps.mailer.send(
        this.mails.notice({
          to: student.email,
          language: student.language ?? DEFAULT_LANGUAGE,
          channel: account.channel,
          displayName: link.displayName,
          linkedAt: link.linkedAt,
        }),
      );
      this.deps.logger.info({ channel: account.channel }, 'link notice mail sent');
    } catch (err) {
      // The link stands: a lost notice must not fail the login. A MailDeliveryError is safe to
      // log as it is; anything else might quote the address, so only its name is kept.
      const error = err instanceof MailDeliveryError ? err : { name: (err as Error)?.name };
      this.deps.logger.warn(
        { err: error, channel: account.channel },
        'could not send the link notice mail',
      );
    }
  }
}
