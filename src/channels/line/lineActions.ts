import type { messagingApi } from '@line/bot-sdk';
import { truncateGraphemes, truncateUnits } from './lineText';

/** LINE's limit for a message action's text, a postback's data and its display text. */
const MAX_ACTION_TEXT = 300;

/**
 * The action for a choice: a `message` action when the button says what it sends, otherwise a
 * `postback` whose `displayText` shows the label in the chat while `data` carries the value
 * (the adapter turns a postback back into a message with that value as its text).
 * Returns undefined for a choice with neither label nor value.
 */
export function choiceAction(
  choice: { label: string; value: string },
  maxLabel: number,
): messagingApi.MessageAction | messagingApi.PostbackAction | undefined {
  const value = choice.value.trim();
  const label = choice.label.trim() || value;
  if (!label || !value) return undefined;
  const shown = truncateGraphemes(label, maxLabel);
  if (label === value) {
    return { type: 'message', label: shown, text: truncateUnits(value, MAX_ACTION_TEXT) };
  }
  return {
    type: 'postback',
    label: shown,
    data: truncateUnits(value, MAX_ACTION_TEXT),
    displayText: truncateUnits(label, MAX_ACTION_TEXT),
  };
}

/** Schemes LINE accepts in a `uri` action; anything else makes LINE refuse the whole message. */
const URI_SCHEMES = ['http:', 'https:', 'line:', 'tel:'];
const MAX_URI = 1000;

/** A `uri` action, or undefined for a link LINE would refuse. */
export function linkAction(
  label: string,
  url: string,
  maxLabel: number,
): messagingApi.URIAction | undefined {
  const shown = label.trim();
  if (!shown || url.length > MAX_URI) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!URI_SCHEMES.includes(parsed.protocol)) return undefined;
  return { type: 'uri', label: truncateGraphemes(shown, maxLabel), uri: url };
}
