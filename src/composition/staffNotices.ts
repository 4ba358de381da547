import type { BotAdapter } from 'botbuilder';
import type { Language } from '../i18n/language';
import type { Logger } from '../platform/logger';
import type { DeliveryCounts, PushMessage } from '../staff/staffDesk';
import type { NoticeDelivery, NoticeRecipient } from '../staff/staffDeskService';
import type { ChatChannel } from '../students/student';

/** LINE's side of a staff push: the same text to many users (multicast), as `LineBroadcaster`. */
export interface LineNoticeSender {
  send(
    userIds: string[],
    text: string,
  ): Promise<{ sent: string[]; failed: string[]; blocked: string[] }>;
}

export interface StaffNoticeDeps {
  /** The botbuilder adapter of each channel, for proactive messages (web chat, Teams). */
  adapters: Partial<Record<ChatChannel, BotAdapter>>;
  botAppId: string;
  /** Undefined when LINE is not configured. */
  line?: LineNoticeSender;
  logger: Logger;
  /** Proactive messages in flight at once per batch (web chat, Teams). */
  concurrency?: number;
}

/**
 * How a staff push reaches each channel: LINE by multicast (one request per 500 users of one
 * language, rate-limited), the web chat and Teams by one proactive message per conversation.
 * None of it goes through the students' turn queues, so chat turns are never held up.
 */
export function createStaffNoticeDelivery(deps: StaffNoticeDeps): NoticeDelivery {
  const concurrency = deps.concurrency ?? 8;
  return {
    async deliver(channel, recipients, texts): Promise<DeliveryCounts> {
      if (channel === 'line') return deliverLine(deps, recipients, texts);
      const adapter = deps.adapters[channel];
      const counts = { sent: 0, failed: 0, blocked: 0 };
      if (!adapter) return { ...counts, failed: recipients.length };
      for (let i = 0; i < recipients.length; i += concurrency) {
        const batch = recipients.slice(i, i + concurrency);
        const results = await Promise.allSettled(
          batch.map(async ({ reference, language }) => {
            // The adapter hands errors inside a turn to onTurnError, so the outcome is read here.
            let delivered = false;
            await adapter.continueConversationAsync(deps.botAppId, reference, async (context) => {
              const answer = await context.sendActivity(texts[language]);
              // The web chat answers an empty id when the session has expired: nobody read it.
              delivered = Boolean(answer?.id);
            });
            if (!delivered) throw new NoticeNotDeliveredError(channel);
          }),
        );
        for (const result of results) {
          if (result.status === 'fulfilled') counts.sent += 1;
          else {
            counts.failed += 1;
            deps.logger.warn({ channel, err: result.reason }, 'staff notice not delivered');
          }
        }
      }
      return counts;
    },
  };
}

async function deliverLine(
  deps: StaffNoticeDeps,
  recipients: NoticeRecipient[],
  texts: PushMessage,
): Promise<DeliveryCounts> {
  if (!deps.line) return { sent: 0, failed: recipients.length, blocked: 0 };
  const counts = { sent: 0, failed: 0, blocked: 0 };
  const byLanguage = new Map<Language, string[]>();
  for (const { account, language } of recipients) {
    const group = byLanguage.get(language) ?? [];
    group.push(account.accountId);
    byLanguage.set(language, group);
  }
  for (const [language, userIds] of byLanguage) {
    const result = await deps.line.send(userIds, texts[language]);
    counts.sent += result.sent.length;
    counts.failed += result.failed.length;
    counts.blocked += result.blocked.length;
  }
  return counts;
}

/** A proactive message the channel took but could not hand to anyone (e.g. an expired session). */
export class NoticeNotDeliveredError extends Error {
  override readonly name = 'NoticeNotDeliveredError';

  constructor(readonly channel: ChatChannel) {
    super(`Staff notice not delivered on ${channel}: the conversation is gone.`);
  }
}
