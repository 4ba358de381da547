import { ActivityTypes, type Activity } from 'botbuilder';
import {
  holdsMessages,
  MAX_JOINED_TEXT,
  mergeMessages,
} from '../../src/channels/teams/teamsOutbox';

const text = (value: string, fields: Partial<Activity> = {}): Partial<Activity> => ({
  type: ActivityTypes.Message,
  text: value,
  ...fields,
});
const card = {
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: { type: 'AdaptiveCard' },
};
const menu = { actions: [{ type: 'imBack', title: 'Apply', value: 'apply' }], to: [] };

describe('a Teams turn: which turns hold their messages', () => {
  it('holds those the student started, and sends proactive ones as they go', () => {
    expect(holdsMessages({ type: ActivityTypes.Message })).toBe(true);
    expect(holdsMessages({ type: ActivityTypes.ConversationUpdate })).toBe(true);
    // continueConversation: the staff push reads each sent activity's id.
    expect(holdsMessages({ type: ActivityTypes.Event, name: 'continueConversation' })).toBe(false);
    expect(holdsMessages({ type: ActivityTypes.Invoke })).toBe(false);
    expect(holdsMessages({})).toBe(false);
  });
});

describe('mergeMessages', () => {
  it('joins text into the message after it, which keeps its suggested actions', () => {
    const merged = mergeMessages([
      text('Help: call 06-6809-4327.'),
      text('What would you like to do?', { suggestedActions: menu, inputHint: 'expectingInput' }),
    ]);
    expect(merged).toEqual([
      text('Help: call 06-6809-4327.\n\nWhat would you like to do?', {
        suggestedActions: menu,
        inputHint: 'expectingInput',
      }),
    ]);
  });

  it('joins text above a card, and several texts in a row', () => {
    expect(mergeMessages([text('a'), text('b'), { type: 'message', attachments: [card] }])).toEqual(
      [{ type: 'message', text: 'a\n\nb', attachments: [card] }],
    );
    expect(mergeMessages([text('a'), text('b'), text('c')])).toEqual([text('a\n\nb\n\nc')]);
  });

  it('never moves text above a card or buttons it came after', () => {
    const withCard = { type: ActivityTypes.Message, attachments: [card] };
    const asked = text('Choose:', { suggestedActions: menu });
    expect(mergeMessages([withCard, text('after')])).toEqual([withCard, text('after')]);
    expect(mergeMessages([asked, text('after')])).toEqual([asked, text('after')]);
  });

  it('keeps apart what Teams would show differently', () => {
    const cases: Partial<Activity>[][] = [
      [text('plain', { textFormat: 'plain' }), text('markdown')],
      [text('**md**'), text('xml', { textFormat: 'xml' })],
      [text('English', { locale: 'en-US' }), text('日本語', { locale: 'ja-JP' })],
      [text('<at>Student</at>', { entities: [{ type: 'mention' }] }), text('next')],
      [text('spoken', { speak: 'spoken' }), text('next')],
      [text('data', { channelData: { notification: { alert: true } } }), text('next')],
      [text('first'), { type: ActivityTypes.Typing }, text('second')],
      [{ type: ActivityTypes.Message, text: '' }, text('next')],
    ];
    for (const activities of cases) expect(mergeMessages(activities)).toEqual(activities);
  });

  it('keeps a message that would grow too long apart (Teams refuses about 28 KB)', () => {
    const long = 'あ'.repeat(MAX_JOINED_TEXT - 10);
    // long, a paragraph break (2) and 9 characters: one more than the bound.
    const activities = [text(long), text('012345678')];
    expect(mergeMessages(activities)).toEqual(activities);
    expect(mergeMessages([text(long), text('01234567')])).toEqual([text(`${long}\n\n01234567`)]);
    // A student's own oversized text never grows past the bound through merging either.
    const huge = 'x'.repeat(100_000);
    expect(mergeMessages([text('echo'), text(huge)])).toHaveLength(2);
  });

  it('changes nothing it is given', () => {
    const activities = [text('a'), text('b', { suggestedActions: menu })];
    const copy = structuredClone(activities);
    mergeMessages(activities);
    expect(activities).toEqual(copy);
  });
});
