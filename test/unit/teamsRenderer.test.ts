import { ActivityTypes, MessageFactory, type Activity, type Attachment } from 'botbuilder';
import { CARD_CONTENT_TYPE, cardAttachment, type Card } from '../../src/channels/card';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../src/channels/teams/adaptiveCard';
import { renderTeamsActivity } from '../../src/channels/teams/teamsRenderer';

interface AdaptiveContent {
  type: string;
  version: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
}

function contentOf(attachment: Attachment | undefined): AdaptiveContent {
  expect(attachment?.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
  return attachment?.content as AdaptiveContent;
}

const FULL: Card = {
  title: 'Reservation number',
  hero: 'L3QP5ZYC',
  fields: [
    { label: 'Amount', value: '¥800' },
    { label: 'Print by', value: '2024-01-23 23:59 JST' },
  ],
  body: ['Enter the number at the copier.', 'Keep it private.'],
  buttons: [
    { kind: 'link', label: 'Manual', url: 'https://example.org/manual' },
    { kind: 'reply', label: 'Menu', value: 'menu' },
  ],
};

describe('renderTeamsActivity', () => {
  it('renders a full neutral card as an Adaptive Card 1.5 in the same order', () => {
    const rendered = renderTeamsActivity({
      type: ActivityTypes.Message,
      attachments: [cardAttachment(FULL)],
    });
    const card = contentOf(rendered.attachments?.[0]);
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(card.body).toEqual([
      { type: 'TextBlock', text: FULL.title, weight: 'Bolder', size: 'Large', wrap: true },
      {
        type: 'TextBlock',
        text: 'L3QP5ZYC',
        size: 'ExtraLarge',
        weight: 'Bolder',
        fontType: 'Monospace',
        wrap: true,
      },
      {
        type: 'FactSet',
        facts: [
          { title: 'Amount', value: '¥800' },
          { title: 'Print by', value: '2024-01-23 23:59 JST' },
        ],
      },
      { type: 'TextBlock', text: 'Enter the number at the copier.', wrap: true },
      { type: 'TextBlock', text: 'Keep it private.', wrap: true },
    ]);
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Manual', url: 'https://example.org/manual' },
      {
        type: 'Action.Submit',
        title: 'Menu',
        data: { text: 'menu', msteams: { type: 'imBack', value: 'menu' } },
      },
    ]);
  });

  it('renders a title-only card without hero, facts, paragraphs or actions', () => {
    const rendered = renderTeamsActivity({ attachments: [cardAttachment({ title: 'Hi' })] });
    const card = contentOf(rendered.attachments?.[0]);
    expect(card.body).toHaveLength(1);
    expect(card.actions).toBeUndefined();
  });

  it('keeps text, suggested actions and other attachments, converting cards in place', () => {
    const other: Attachment = { contentType: 'image/png', contentUrl: 'https://example.org/a.png' };
    const activity: Partial<Activity> = {
      ...MessageFactory.suggestedActions(['Yes', 'No'], 'Confirm?'),
      attachments: [cardAttachment({ title: 'A' }), other, cardAttachment({ title: 'B' })],
    };
    const rendered = renderTeamsActivity(activity);
    expect(rendered.text).toBe('Confirm?');
    expect(rendered.suggestedActions).toEqual(activity.suggestedActions);
    expect(rendered.attachments?.map((a) => a.contentType)).toEqual([
      ADAPTIVE_CARD_CONTENT_TYPE,
      'image/png',
      ADAPTIVE_CARD_CONTENT_TYPE,
    ]);
    expect(rendered.attachments?.[1]).toBe(other);
    expect(contentOf(rendered.attachments?.[2]).body[0].text).toBe('B');
    // The input is not modified: the same activity may be rendered for another channel.
    expect(activity.attachments?.[0].contentType).toBe(CARD_CONTENT_TYPE);
  });

  it('returns activities without neutral cards unchanged', () => {
    const typing: Partial<Activity> = { type: ActivityTypes.Typing };
    expect(renderTeamsActivity(typing)).toBe(typing);
    const text = MessageFactory.text('hello');
    expect(renderTeamsActivity(text)).toBe(text);
  });
});
