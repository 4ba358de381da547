import { ActivityTypes, type Activity, type ChannelAccount } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { WebChatPayload } from './webChatPayload';

export const WEBCHAT_CHANNEL_ID = 'webchat';

/** The bot's account in web-chat activities (the page never sees it). */
export const WEBCHAT_BOT: ChannelAccount = { id: 'webchat-bot', name: 'bot', role: 'bot' };

/** The student's account: one per session, as the page has no other identity. */
export function webChatUser(sessionId: string): ChannelAccount {
  return { id: sessionId, name: '', role: 'user' };
}

/** The botbuilder activity of one queued web-chat turn. */
export function webChatActivity(payload: WebChatPayload, timestamp: Date): Partial<Activity> {
  const user = webChatUser(payload.sessionId);
  const common: Partial<Activity> = {
    id: randomUUID(),
    timestamp,
    channelId: WEBCHAT_CHANNEL_ID,
    conversation: { id: payload.sessionId, isGroup: false, conversationType: 'personal', name: '' },
    from: user,
    recipient: WEBCHAT_BOT,
    locale: payload.locale,
  };
  if (payload.type === 'conversationUpdate') {
    return { ...common, type: ActivityTypes.ConversationUpdate, membersAdded: [user] };
  }
  return { ...common, type: ActivityTypes.Message, text: payload.text, textFormat: 'plain' };
}
