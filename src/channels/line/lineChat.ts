import { turnQueueKey } from '../../students/chatAccountOf';

/** Where a LINE event came from, as the adapter and the webhook need it. */
export interface LineChat {
  /** Where answers go: the user's id in a 1:1 chat, else the group or room id. */
  conversationId: string;
  conversationType: 'personal' | 'group' | 'room';
  /** The user who acted; LINE leaves it out for some group events. */
  userId?: string;
  /** The turn-queue key: one per user, or per group / room when LINE names no user. */
  queueKey: string;
}

/** Reads a webhook event's `source`; undefined when it names no chat (e.g. a bot-level event). */
export function lineChatOf(source: unknown): LineChat | undefined {
  if (!source || typeof source !== 'object') return undefined;
  const { type, userId, groupId, roomId } = source as Record<string, unknown>;
  const user = nonEmpty(userId);
  if (type === 'user' && user) {
    return {
      conversationId: user,
      conversationType: 'personal',
      userId: user,
      queueKey: userKey(user),
    };
  }
  const group = type === 'group' ? nonEmpty(groupId) : undefined;
  const room = type === 'room' ? nonEmpty(roomId) : undefined;
  const chat = group ?? room;
  if (!chat) return undefined;
  return {
    conversationId: chat,
    conversationType: group ? 'group' : 'room',
    userId: user,
    queueKey: user ? userKey(user) : `line:${group ? 'group' : 'room'}:${chat}`,
  };
}

function userKey(userId: string): string {
  return turnQueueKey({ channel: 'line', accountId: userId });
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
