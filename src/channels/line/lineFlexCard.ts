import type { messagingApi } from '@line/bot-sdk';
import type { Card, CardButton } from '../card';
import { choiceAction, linkAction } from './lineActions';
import { truncateUnits } from './lineText';

/** LINE's limits for Flex messages. */
const MAX_ALT_TEXT = 400;
const MAX_BUTTON_LABEL = 40;

const MUTED = '#888888';

type FlexComponent = messagingApi.FlexComponent;

/**
 * A neutral card as a Flex bubble: title, the hero value large and bold (a reservation number
 * must be easy to read out at the copier), label/value rows, paragraphs, then buttons.
 * The alt text (shown in notifications and the chat list) is the title.
 */
export function renderFlexCard(card: Card): messagingApi.FlexMessage {
  const body: FlexComponent[] = [];
  const title = text(card.title);
  if (title) body.push({ type: 'text', text: title, weight: 'bold', size: 'lg', wrap: true });
  const hero = text(card.hero);
  if (hero) {
    body.push({
      type: 'text',
      text: hero,
      weight: 'bold',
      size: 'xxl',
      align: 'center',
      wrap: true,
      margin: 'lg',
    });
  }
  const rows = (card.fields ?? []).map(fieldRow).filter((row) => row !== undefined);
  if (rows.length > 0) {
    body.push({ type: 'box', layout: 'vertical', spacing: 'sm', margin: 'lg', contents: rows });
  }
  for (const paragraph of card.body ?? []) {
    const line = text(paragraph);
    if (line) body.push({ type: 'text', text: line, size: 'sm', wrap: true, margin: 'md' });
  }
  const buttons = (card.buttons ?? []).map(button).filter((b) => b !== undefined);

  const alt = altText(card);
  // LINE refuses a box without contents: a card with nothing else shows its alt text.
  if (body.length === 0) body.push({ type: 'text', text: alt, wrap: true });

  const bubble: messagingApi.FlexBubble = {
    type: 'bubble',
    body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body },
  };
  if (buttons.length > 0) {
    bubble.footer = { type: 'box', layout: 'vertical', spacing: 'sm', contents: buttons };
  }
  return { type: 'flex', altText: alt, contents: bubble };
}

function altText(card: Card): string {
  const candidates = [card.title, card.hero, ...(card.body ?? [])];
  const first = candidates.map(text).find((value) => value !== undefined);
  // LINE requires a non-empty alt text; an empty card is a caller's bug, shown as an ellipsis.
  return truncateUnits(first ?? '…', MAX_ALT_TEXT);
}

function fieldRow(field: { label: string; value: string }): FlexComponent | undefined {
  const label = text(field.label);
  const value = text(field.value);
  if (!label && !value) return undefined;
  const contents: FlexComponent[] = [];
  if (label) {
    contents.push({ type: 'text', text: label, size: 'sm', color: MUTED, flex: 2, wrap: true });
  }
  if (value) contents.push({ type: 'text', text: value, size: 'sm', flex: 5, wrap: true });
  return { type: 'box', layout: 'baseline', spacing: 'sm', contents };
}

function button(spec: CardButton): messagingApi.FlexButton | undefined {
  if (spec.kind === 'link') {
    const action = linkAction(spec.label, spec.url, MAX_BUTTON_LABEL);
    return action && { type: 'button', style: 'primary', height: 'sm', action };
  }
  const action = choiceAction({ label: spec.label, value: spec.value }, MAX_BUTTON_LABEL);
  return action && { type: 'button', style: 'secondary', height: 'sm', action };
}

function text(value: string | undefined): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed ? trimmed : undefined;
}
