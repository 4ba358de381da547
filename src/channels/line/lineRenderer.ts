import type { messagingApi } from '@line/bot-sdk';
import type { Activity } from 'botbuilder';
import { CAPABILITIES } from '../capabilities';
import { cardsOf, choicesOf } from '../card';
import { choiceAction } from './lineActions';
import { renderFlexCard } from './lineFlexCard';
import { splitText } from './lineText';

const LIMITS = CAPABILITIES.line;

/**
 * The LINE messages for one outgoing activity: its text (split into pieces LINE accepts), then
 * one Flex bubble per neutral card. Suggested actions become a quick reply on the last of
 * them, since LINE shows the quick reply of the latest message only. Other attachments are
 * ignored. Pure: no I/O.
 */
export function renderLineMessages(activity: Partial<Activity>): messagingApi.Message[] {
  const messages: messagingApi.Message[] = [];
  if (typeof activity.text === 'string') {
    for (const piece of splitText(activity.text, LIMITS.maxTextLength)) {
      messages.push({ type: 'text', text: piece });
    }
  }
  for (const card of cardsOf(activity)) messages.push(renderFlexCard(card));

  const items = quickReplyItems(activity);
  const last = messages.length - 1;
  if (items.length > 0 && last >= 0) {
    messages[last] = { ...messages[last], quickReply: { items } };
  }
  return messages;
}

function quickReplyItems(activity: Partial<Activity>): messagingApi.QuickReplyItem[] {
  const items: messagingApi.QuickReplyItem[] = [];
  for (const choice of choicesOf(activity)) {
    const action = choiceAction(choice, LIMITS.maxChoiceLabel);
    if (action) items.push({ type: 'action', action });
    if (items.length === LIMITS.maxChoices) break;
  }
  return items;
}
