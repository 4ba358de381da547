import type { Language } from '../i18n/language';
import type { ChatChannel } from '../students/student';

/** Chats handed to a channel at once; the report and its cursor are saved after each batch. */
export const DELIVERY_BATCH = 500;

/** Chats of one channel reading one language: a LINE batch is exactly one multicast. */
export interface PlannedBatch {
  channel: ChatChannel;
  language: Language;
  /** Chat account ids on `channel` (LINE user ids, web-chat sessions, Teams users). */
  accountIds: string[];
}

/**
 * Who a push goes to, fixed when it is sent: the batches in delivery order. The plan travels
 * with the job, so an instance taking the push over delivers to exactly the same chats, in the
 * same batches, and a batch's index names it (in LINE retry keys) whoever sends it.
 */
export interface PushPlan {
  batches: PlannedBatch[];
}

/** One chat of the audience, as the plan needs it. */
export interface PlanTarget {
  accountId: string;
  language: Language;
}

const CHANNELS: readonly ChatChannel[] = ['line', 'webchat', 'msteams'];

/**
 * Cuts the audience into batches of at most `size` chats, channel by channel and one language
 * at a time, so that every batch becomes whole LINE multicasts of one text.
 */
export function planPush(
  targets: Record<ChatChannel, readonly PlanTarget[]>,
  size = DELIVERY_BATCH,
): PushPlan {
  const batches: PlannedBatch[] = [];
  for (const channel of CHANNELS) {
    const sorted = [...targets[channel]].sort((a, b) =>
      a.language < b.language ? -1 : a.language > b.language ? 1 : 0,
    );
    let current: PlannedBatch | undefined;
    for (const { accountId, language } of sorted) {
      if (!current || current.accountIds.length >= size || current.language !== language) {
        current = { channel, language, accountIds: [] };
        batches.push(current);
      }
      current.accountIds.push(accountId);
    }
  }
  return { batches };
}

/** The name of one batch of one push, the same on every instance (LINE retry keys derive from it). */
export function batchKey(pushId: string, batch: number): string {
  return `${pushId}:${batch}`;
}
