import type { BotAdapter } from 'botbuilder';
import type { Language } from '../i18n/language';
import type { Logger } from '../platform/logger';
import type { ChatChannel } from '../students/student';
import { PushNotDeliveredError } from './errors';
import type { DeliveryCounts, PushMessage } from './staffDesk';
import type { DeliverOptions, PushDelivery, PushRecipient } from './pushRunner';

/**
 * LINE's side of a staff push: one text to many users by multicast (`LineStaffPushSender`).
 * The same `key` for the same users sends nothing twice (LINE's retry keys derive from it).
 */
export interface LineStaffPushPort {
  send(
    userIds: string[],
    text: string,
    key: string,
  ): Promise<{ sent: string[]; failed: string[]; blocked: string[] }>;
}

export interface PushDeliveryDeps {
  /** The botbuilder adapter of each channel, for proactive messages (web chat, Teams). */
  adapters: Partial<Record<ChatChannel, BotAdapter>>;
  botAppId: string;
  /** Undefined when LINE is not configured. */
  line?: LineStaffPushPort;
  logger: Logger;
  /** Proactive messages in flight at once per batch (web chat, Teams). */
  concurrency?: number;
}

/**
 * How a staff push reaches each channel: LINE by multicast (one request per 500 users of one
 * language, rate-limited), the web chat and Teams by one proactive message per conversation.
 * None of it goes through the students' turn queues, so chat turns are never held up.
 */
export function createPushDelivery(deps: PushDeliveryDeps): PushDelivery {
  const concurrency = deps.concurrency ?? 8;
  return {
    async deliver(channel, recipients, texts, options): Promise<DeliveryCounts> {
      if (channel === 'line') return deliverLine(deps, recipients, texts, options);
      const adapter = deps.adapters[channel];
      const counts = { sent: 0, failed: 0, blocked: 0 };
      if (!adapter) return { ...counts, failed: recipients.length };
      for (let i = 0; i < recipients.length; i += concurrency) {
        const batch = recipients.slice(i, i + concurrency);
        const results = await Promise.allSettled(
          batch.map(async (recipient) => {
            const { reference, language } = recipient;
            if (!reference) throw new PushNotDeliveredError(channel);
            // The adapter hands errors inside a turn to onTurnError, so the outcome is read here.
            let delivered = false;
            await adapter.continueConversationAsync(deps.botAppId, reference, async (context) => {
              const answer = await context.sendActivity(texts[language]);
              // The web chat answers an empty id when the session has expired: nobody read it.
              delivered = Boolean(answer?.id);
            });
            if (!delivered) throw new PushNotDeliveredError(channel);
            // Delivered whatever the mark does: an unmarked chat only risks a repeat on takeover.
            await options
              .delivered?.(recipient)
              .catch((err: unknown) =>
                deps.logger.warn({ channel, err }, 'staff push delivered but not marked'),
              );
          }),
        );
        for (const result of results) {
          if (result.status === 'fulfilled') counts.sent += 1;
          else {
            counts.failed += 1;
            deps.logger.warn({ channel, err: result.reason }, 'staff push not delivered');
          }
        }
      }
      return counts;
    },
  };
}

/** LINE: one multicast text per language, so the users are grouped by the language they read. */
async function deliverLine(
  deps: PushDeliveryDeps,
  recipients: PushRecipient[],
  texts: PushMessage,
  options: DeliverOptions,
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
    // A planned batch holds one language; the key stays distinct should one ever hold two.
    const key = byLanguage.size === 1 ? options.key : `${options.key}:${language}`;
    const result = await deps.line.send(userIds, texts[language], key);
    counts.sent += result.sent.length;
    counts.failed += result.failed.length;
    counts.blocked += result.blocked.length;
  }
  return counts;
}
