import { ActivityTypes, type Activity, type ChannelAccount } from 'botbuilder';
import { EVENTS } from '../../bot/botLogic';
import { lineChatOf, type LineChat } from './lineChat';

/**
 * A LINE webhook event as the botbuilder activity the bot understands, or undefined for an
 * event the bot has no use for (unknown types, events naming no chat). Defensive about shape:
 * the event may come back from a queue, and LINE adds new fields and types over time.
 */
export function lineEventToActivity(
  event: unknown,
  bot: ChannelAccount,
): Partial<Activity> | undefined {
  if (!event || typeof event !== 'object') return undefined;
  const e = event as Record<string, unknown>;
  const chat = lineChatOf(e.source);
  if (!chat) return undefined;
  const base = baseActivity(e, chat, bot);
  switch (e.type) {
    case 'message':
      return messageActivity(base, e.message);
    case 'postback':
      return postbackActivity(base, e.postback);
    case 'follow':
      return { ...base, type: ActivityTypes.ConversationUpdate, membersAdded: [userOf(chat)] };
    case 'unfollow':
      return { ...base, type: ActivityTypes.ConversationUpdate, membersRemoved: [userOf(chat)] };
    case 'join':
      // The bot was added to a group or room; as on Bot Framework, the bot is the member added.
      return { ...base, type: ActivityTypes.ConversationUpdate, membersAdded: [bot] };
    case 'accountLink':
      return accountLinkActivity(base, e.link);
    default:
      return undefined;
  }
}

function baseActivity(
  e: Record<string, unknown>,
  chat: LineChat,
  bot: ChannelAccount,
): Partial<Activity> {
  const eventId = typeof e.webhookEventId === 'string' ? e.webhookEventId : undefined;
  const delivery = e.deliveryContext as { isRedelivery?: unknown } | undefined;
  return {
    id: eventId,
    channelId: 'line',
    serviceUrl: '',
    timestamp: typeof e.timestamp === 'number' ? new Date(e.timestamp) : new Date(),
    conversation: {
      id: chat.conversationId,
      conversationType: chat.conversationType,
      isGroup: chat.conversationType !== 'personal',
      name: '',
    },
    from: userOf(chat),
    recipient: bot,
    channelData: {
      lineEventType: String(e.type),
      webhookEventId: eventId,
      isRedelivery: delivery?.isRedelivery === true,
    },
  };
}

function userOf(chat: LineChat): ChannelAccount {
  return { id: chat.userId ?? chat.conversationId, name: '', role: 'user' };
}

function messageActivity(base: Partial<Activity>, message: unknown): Partial<Activity> | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const { type, text, id } = message as Record<string, unknown>;
  const channelData = { ...base.channelData, lineMessageType: String(type) };
  const withId = typeof id === 'string' ? { id } : {};
  if (type === 'text' && typeof text === 'string') {
    return { ...base, ...withId, type: ActivityTypes.Message, text, channelData };
  }
  // Stickers, images, locations… and types LINE adds later: a message without text, which the
  // bot answers by saying it reads text only. `lineMessageType` tells it what was sent.
  return { ...base, ...withId, type: ActivityTypes.Message, channelData };
}

function postbackActivity(
  base: Partial<Activity>,
  postback: unknown,
): Partial<Activity> | undefined {
  const data = (postback as { data?: unknown } | undefined)?.data;
  if (typeof data !== 'string') return undefined;
  const params = (postback as { params?: unknown }).params;
  return {
    ...base,
    type: ActivityTypes.Message,
    text: data,
    value: parseJson(data),
    channelData: { ...base.channelData, lineMessageType: 'postback', postbackParams: params },
  };
}

function accountLinkActivity(
  base: Partial<Activity>,
  link: unknown,
): Partial<Activity> | undefined {
  const { result, nonce } = (link ?? {}) as Record<string, unknown>;
  if (typeof nonce !== 'string') return undefined;
  return {
    ...base,
    type: ActivityTypes.Event,
    name: EVENTS.accountLink,
    value: { result: result === 'ok' ? 'ok' : 'failed', nonce },
  };
}

/** A postback's data parsed when it is a JSON object or array; plain text stays undefined. */
function parseJson(data: string): unknown {
  const start = data.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}
