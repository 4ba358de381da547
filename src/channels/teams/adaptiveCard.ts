import type { Attachment } from 'botbuilder';
import type { Card, CardButton } from '../card';

/** The content type Teams (and the Emulator) render as an Adaptive Card. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Teams renders Adaptive Cards up to 1.5 on desktop and mobile. */
export const ADAPTIVE_CARD_VERSION = '1.5';

type Element = Record<string, unknown>;

/**
 * One neutral card as an Adaptive Card attachment: the title, a large monospace hero (a
 * reservation number is read out letter by letter, so the letters must not blur), the fields
 * as a FactSet, the body as wrapped paragraphs and the buttons as actions. Pure: no I/O.
 */
export function renderAdaptiveCard(card: Card): Attachment {
  const body: Element[] = [
    { type: 'TextBlock', text: card.title, weight: 'Bolder', size: 'Large', wrap: true },
  ];
  if (card.hero) {
    body.push({
      type: 'TextBlock',
      text: card.hero,
      size: 'ExtraLarge',
      weight: 'Bolder',
      fontType: 'Monospace',
      wrap: true,
    });
  }
  if (card.fields && card.fields.length > 0) {
    body.push({
      type: 'FactSet',
      facts: card.fields.map((field) => ({ title: field.label, value: field.value })),
    });
  }
  for (const paragraph of card.body ?? []) {
    body.push({ type: 'TextBlock', text: paragraph, wrap: true });
  }
  const content: Element = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    body,
  };
  if (card.buttons && card.buttons.length > 0) content.actions = card.buttons.map(action);
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}

function action(button: CardButton): Element {
  if (button.kind === 'link') {
    return { type: 'Action.OpenUrl', title: button.label, url: button.url };
  }
  // Teams turns `msteams.imBack` into a typed message; other Bot Framework clients (Emulator,
  // Web Chat) post `data` as the activity's value, which submittedValueAsText reads.
  return {
    type: 'Action.Submit',
    title: button.label,
    data: { text: button.value, msteams: { type: 'imBack', value: button.value } },
  };
}
