import type { ChatChannel } from '../students/student';
import type { PushLineQuota } from './staffDesk';

/** A proactive message the channel took but could not hand to anyone (e.g. an expired session). */
export class PushNotDeliveredError extends Error {
  override readonly name = 'PushNotDeliveredError';

  constructor(readonly channel: ChatChannel) {
    super(`Staff push not delivered on ${channel}: the conversation is gone.`);
  }
}

/**
 * A push needing more LINE messages than this month's quota has left, without a confirmation
 * that covers it (none, or more LINE recipients than fit).
 */
export class LineQuotaExceededError extends Error {
  override readonly name = 'LineQuotaExceededError';

  constructor(
    readonly quota: PushLineQuota,
    readonly confirmed: number | undefined,
  ) {
    super(
      `The push needs ${quota.messagesNeeded} LINE messages, ${quota.remaining ?? 0} remain this month; ` +
        `${quota.recipientsThatFit} of ${quota.recipients} LINE recipients fit` +
        (confirmed === undefined ? '.' : `, not the ${confirmed} confirmed.`),
    );
  }
}
