import type { Language } from '../i18n/language';
import type { QuotaReading } from './messageQuota';
import type { PlanTarget } from './pushPlan';
import type { PushLineQuota } from './staffDesk';

/** A LINE chat of a push's audience, with what places it when the quota cannot carry them all. */
export interface QuotaTarget extends PlanTarget {
  /** When its student applied for their earliest matching order (ISO, Asia/Tokyo). */
  since: string;
}

export interface QuotaCheck {
  quota: PushLineQuota;
  /**
   * The LINE chats in the order the quota takes them: earliest application first (the order
   * closest to its deadline), then by LINE user id, so the same audience is always cut the same.
   */
  ordered: QuotaTarget[];
}

/**
 * What a push needs of LINE's monthly quota: `costs` is the messages one recipient costs in each
 * language (LINE counts one per recipient per message object). Over a limited quota, the
 * recipients that fit are the longest prefix of `ordered` whose messages the remainder carries.
 */
export function checkLineQuota(
  reading: QuotaReading,
  targets: readonly QuotaTarget[],
  costs: Record<Language, number>,
): QuotaCheck {
  const ordered = [...targets].sort(
    (a, b) => compare(a.since, b.since) || compare(a.accountId, b.accountId),
  );
  const messagesNeeded = ordered.reduce((sum, target) => sum + costs[target.language], 0);
  const recipients = ordered.length;
  if (reading.type !== 'limited') {
    const quota = { type: reading.type, recipients, messagesNeeded };
    return { quota: { ...quota, exceeded: false, recipientsThatFit: recipients }, ordered };
  }
  const remaining = Math.max(0, reading.limit - reading.used);
  let recipientsThatFit = 0;
  for (let spent = 0; recipientsThatFit < recipients; recipientsThatFit += 1) {
    spent += costs[ordered[recipientsThatFit].language];
    if (spent > remaining) break;
  }
  return {
    quota: {
      type: 'limited',
      limit: reading.limit,
      used: reading.used,
      remaining,
      recipients,
      messagesNeeded,
      exceeded: messagesNeeded > remaining,
      recipientsThatFit,
    },
    ordered,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
