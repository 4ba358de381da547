import type { Activity, Attachment } from 'botbuilder';

/**
 * A channel-neutral card. Dialogs send cards as attachments of this content type; each channel's
 * renderer turns them into its own format (LINE Flex, Adaptive Card, web-chat HTML).
 */
export const CARD_CONTENT_TYPE = 'application/vnd.certbot.card+json';

export type CardButton =
  /** Opens a page (login, payment, manual). */
  | { kind: 'link'; label: string; url: string }
  /** Answers the bot as if the student had typed `value`. */
  | { kind: 'reply'; label: string; value: string };

export interface Card {
  title: string;
  /** A large, emphasised value that a student may read out (e.g. a reservation number). */
  hero?: string;
  /** Label / value rows (amount, deadline, …). */
  fields?: { label: string; value: string }[];
  /** Plain paragraphs. */
  body?: string[];
  buttons?: CardButton[];
}

export function cardAttachment(card: Card): Attachment {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}

/** The neutral cards carried by an activity, in order. */
export function cardsOf(activity: Partial<Activity>): Card[] {
  return (activity.attachments ?? [])
    .filter((a) => a.contentType === CARD_CONTENT_TYPE)
    .map((a) => a.content as Card);
}

/** The choices offered with an activity, as label and the text they answer with. */
export function choicesOf(activity: Partial<Activity>): { label: string; value: string }[] {
  return (activity.suggestedActions?.actions ?? []).map((action) => ({
    label: action.title ?? String(action.value),
    value: String(action.value ?? action.title),
  }));
}
