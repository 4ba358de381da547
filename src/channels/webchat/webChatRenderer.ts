import { ActivityTypes, type Activity } from 'botbuilder';
import { CAPABILITIES } from '../capabilities';
import { cardsOf, choicesOf } from '../card';
import type { WebChatDraft } from './webChatMessage';

const LIMITS = CAPABILITIES.webchat;

/**
 * What the page shows for one outgoing activity, or undefined when it shows nothing (typing,
 * delays, traces, attachments of other kinds). The page renders everything as plain text.
 */
export function toWebChatDraft(activity: Partial<Activity>): WebChatDraft | undefined {
  if ((activity.type ?? ActivityTypes.Message) !== ActivityTypes.Message) return undefined;
  const draft: WebChatDraft = { from: 'bot' };
  if (typeof activity.text === 'string' && activity.text.length > 0) {
    draft.text = activity.text.slice(0, LIMITS.maxTextLength);
  }
  const choices = choicesOf(activity).slice(0, LIMITS.maxChoices);
  if (choices.length > 0) draft.choices = choices;
  const cards = cardsOf(activity);
  if (cards.length > 0) draft.cards = cards;
  return draft.text || draft.choices || draft.cards ? draft : undefined;
}
