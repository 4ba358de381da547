import type { TurnContext } from 'botbuilder';
import type { ChatAccount, ChatChannel } from './student';

const CHANNELS: readonly ChatChannel[] = ['line', 'webchat', 'msteams'];

/**
 * The chat account a turn comes from: the channel and the sender's id as the adapter set it
 * (LINE user id, web-chat session id, Teams user). Undefined for a channel we do not serve.
 */
export function chatAccountOf(context: TurnContext): ChatAccount | undefined {
  const channel = context.activity.channelId as ChatChannel;
  const accountId = context.activity.from?.id;
  if (!CHANNELS.includes(channel) || !accountId) return undefined;
  return { channel, accountId };
}

/**
 * The turn-queue key of a chat account: all of one account's turns — messages, webhooks and
 * proactive events — run one at a time in this queue.
 */
export function turnQueueKey(account: ChatAccount): string {
  return `${account.channel}:${account.accountId}`;
}
