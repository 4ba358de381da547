import { ActivityTypes, type Activity } from 'botbuilder';

/**
 * Whether a turn's messages are held until it ends and then sent merged: only in a turn the
 * student started (a message, a card submit, the bot added to a chat). A proactive turn (a staff
 * push, a reminder, the end of a login) sends as it goes: its caller reads each sent
 * activity's id to know it was delivered.
 */
export function holdsMessages(incoming: Partial<Activity>): boolean {
  return (
    incoming.type === ActivityTypes.Message || incoming.type === ActivityTypes.ConversationUpdate
  );
}

/**
 * A turn's outgoing messages as few activities as Teams shows the same way: a run of text-only
 * messages is joined, paragraph by paragraph, into the message after it, which keeps its cards,
 * its suggested actions and the rest of its fields. So "help" and the menu asked again arrive as
 * one message with the menu's buttons under the help, rather than two. Fewer activities a turn
 * also keeps a busy bot further from Teams' per-conversation rate limits (HTTP 429).
 *
 * Nothing is reordered: a message is merged into the next one only when it has text and
 * nothing else a student would see apart (no attachments, no suggested actions, no speech, no
 * channel data or entities, such as mentions), the two share their text format and locale, and
 * the joined text stays under {@link MAX_JOINED_TEXT} (Teams refuses a message of more than about
 * 28 KB, cards included). Pure: the activities given are not changed.
 */
export function mergeMessages(activities: readonly Partial<Activity>[]): Partial<Activity>[] {
  const merged: Partial<Activity>[] = [];
  for (const activity of activities) {
    const previous = merged.at(-1);
    if (previous && joinsNext(previous) && canReceive(activity, previous)) {
      merged[merged.length - 1] = {
        ...activity,
        text: activity.text ? `${previous.text}${PARAGRAPH}${activity.text}` : previous.text,
      };
    } else {
      merged.push(activity);
    }
  }
  return merged;
}

/** Characters of joined text at most: 12 KB even in Japanese (3 bytes a character in UTF-8). */
export const MAX_JOINED_TEXT = 4000;

/** A paragraph break in Teams' markdown (its default text format) and in plain text alike. */
const PARAGRAPH = '\n\n';

/** Fields of a message that show or do something besides its text. */
const BESIDES_TEXT = [
  'attachments',
  'suggestedActions',
  'speak',
  'channelData',
  'entities',
  'value',
  'summary',
] as const;

function joinsNext(activity: Partial<Activity>): boolean {
  if (activity.type !== ActivityTypes.Message || !activity.text) return false;
  return BESIDES_TEXT.every((field) => isEmpty(activity[field]));
}

function canReceive(activity: Partial<Activity>, previous: Partial<Activity>): boolean {
  return (
    activity.type === ActivityTypes.Message &&
    (activity.textFormat ?? 'markdown') === (previous.textFormat ?? 'markdown') &&
    activity.locale === previous.locale &&
    (previous.text?.length ?? 0) + PARAGRAPH.length + (activity.text?.length ?? 0) <=
      MAX_JOINED_TEXT
  );
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  return Array.isArray(value) && value.length === 0;
}
