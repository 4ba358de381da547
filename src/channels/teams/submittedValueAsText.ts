import { ActivityTypes, type Activity } from 'botbuilder';

/** A submitted answer longer than this is not one the bot offered; the web chat has the same cap. */
export const MAX_SUBMITTED_TEXT = 2000;

/**
 * A card submit (`Action.Submit` outside Teams' imBack) arrives as a message without text and
 * with the button's `data` in `value`. This gives such a message the submitted `text`, so the
 * dialogs see the answer as if it had been typed. Anything else in `value` (not an object, an
 * array, no string `text`, blank or over {@link MAX_SUBMITTED_TEXT} characters) leaves the
 * activity without text, which the bot answers as a non-text message. Pure: returns a copy.
 */
export function submittedValueAsText(activity: Partial<Activity>): Partial<Activity> {
  if (activity.type !== ActivityTypes.Message) return activity;
  if (typeof activity.text === 'string' && activity.text.trim() !== '') return activity;
  const text = submittedText(activity.value);
  return text === undefined ? activity : { ...activity, text };
}

function submittedText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const text = (value as { text?: unknown }).text;
  if (typeof text !== 'string') return undefined;
  if (text.trim() === '' || text.length > MAX_SUBMITTED_TEXT) return undefined;
  return text;
}
