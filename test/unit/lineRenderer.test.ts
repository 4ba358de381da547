import type { messagingApi } from '@line/bot-sdk';
import { ActivityTypes, MessageFactory, type Activity } from 'botbuilder';
import { CAPABILITIES } from '../../src/channels/capabilities';
import { cardAttachment, type Card } from '../../src/channels/card';
import { renderLineMessages } from '../../src/channels/line/lineRenderer';

const graphemes = (s: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].length;

function texts(messages: messagingApi.Message[]): string[] {
  return messages.map((m) => (m as messagingApi.TextMessage).text);
}

describe('renderLineMessages', () => {
  it('renders text as one text message', () => {
    expect(renderLineMessages(MessageFactory.text('こんにちは'))).toEqual([
      { type: 'text', text: 'こんにちは' },
    ]);
  });

  it('sends nothing for empty or blank text', () => {
    expect(renderLineMessages(MessageFactory.text('   \n '))).toEqual([]);
    expect(renderLineMessages({ type: ActivityTypes.Message })).toEqual([]);
  });

  it('splits text longer than 5000 characters, preferring line breaks, losing nothing', () => {
    const paragraph = 'あ'.repeat(3000);
    const text = [paragraph, paragraph, paragraph, paragraph].join('\n');
    const messages = renderLineMessages(MessageFactory.text(text));
    expect(messages.length).toBeGreaterThan(1);
    for (const piece of texts(messages)) expect(piece.length).toBeLessThanOrEqual(5000);
    expect(texts(messages)).toEqual([paragraph, paragraph, paragraph, paragraph]);
  });

  it('cuts a text without break points hard, never inside a surrogate pair', () => {
    const text = 'a'.repeat(4999) + '😀' + 'b'.repeat(10);
    const pieces = texts(renderLineMessages(MessageFactory.text(text)));
    expect(pieces).toEqual(['a'.repeat(4999), '😀' + 'b'.repeat(10)]);
  });

  it('puts suggested actions as a quick reply on the last message only', () => {
    const activity: Partial<Activity> = {
      ...MessageFactory.suggestedActions(['はい', 'いいえ'], '確認'),
      attachments: [cardAttachment({ title: 'Order' })],
    };
    const [text, flex] = renderLineMessages(activity);
    expect(text.quickReply).toBeUndefined();
    expect(flex.type).toBe('flex');
    expect(flex.quickReply?.items).toEqual([
      { type: 'action', action: { type: 'message', label: 'はい', text: 'はい' } },
      { type: 'action', action: { type: 'message', label: 'いいえ', text: 'いいえ' } },
    ]);
  });

  it('offers at most 13 choices and truncates long labels with an ellipsis', () => {
    const choices = Array.from({ length: 14 }, (_, i) => `Choice number ${i} with a long label`);
    const [message] = renderLineMessages(MessageFactory.suggestedActions(choices, 'Pick one'));
    const items = message.quickReply?.items ?? [];
    expect(items).toHaveLength(CAPABILITIES.line.maxChoices);
    for (const [i, item] of items.entries()) {
      const action = item.action as messagingApi.MessageAction;
      expect(graphemes(action.label ?? '')).toBe(20);
      expect(action.label?.endsWith('…')).toBe(true);
      // The button still sends the whole choice, so the bot recognises it.
      expect(action.text).toBe(choices[i]);
    }
  });

  it('counts labels in graphemes, so emoji and kana are not cut in half', () => {
    const label = '👨‍👩‍👧'.repeat(21);
    const [message] = renderLineMessages(MessageFactory.suggestedActions([label], 'x'));
    const action = message.quickReply?.items?.[0].action as messagingApi.MessageAction;
    expect(action.label).toBe('👨‍👩‍👧'.repeat(19) + '…');
  });

  it('uses a postback with displayText when a choice sends something other than its label', () => {
    const activity = MessageFactory.suggestedActions(
      [{ type: 'imBack', title: 'English', value: 'lang:en' }],
      'Language?',
    );
    const [message] = renderLineMessages(activity);
    expect(message.quickReply?.items?.[0].action).toEqual({
      type: 'postback',
      label: 'English',
      data: 'lang:en',
      displayText: 'English',
    });
  });

  it('drops choices when there is no message to carry them', () => {
    expect(renderLineMessages(MessageFactory.suggestedActions(['a', 'b']))).toEqual([]);
  });

  it('renders a neutral card as a Flex bubble', () => {
    const card: Card = {
      title: '予約番号',
      hero: 'L3QP5ZYC',
      fields: [
        { label: '店舗', value: 'セブン-イレブン' },
        { label: '期限', value: '2024-01-23 23:59' },
      ],
      body: ['コピー機で番号を入力してください。'],
      buttons: [
        { kind: 'link', label: 'マニュアル', url: 'https://example.ac.jp/manual' },
        { kind: 'reply', label: 'メニュー', value: 'メニュー' },
        { kind: 'reply', label: 'Cancel the order', value: 'cancel' },
      ],
    };
    const [message] = renderLineMessages({ type: 'message', attachments: [cardAttachment(card)] });
    expect(message).toMatchObject({ type: 'flex', altText: '予約番号' });
    const bubble = (message as messagingApi.FlexMessage).contents as messagingApi.FlexBubble;
    const body = bubble.body?.contents ?? [];
    expect(body[0]).toMatchObject({ type: 'text', text: '予約番号', weight: 'bold' });
    expect(body[1]).toMatchObject({ type: 'text', text: 'L3QP5ZYC', weight: 'bold', size: 'xxl' });
    const rows = (body[2] as messagingApi.FlexBox).contents as messagingApi.FlexBox[];
    expect(rows.map((row) => row.contents.map((c) => (c as messagingApi.FlexText).text))).toEqual([
      ['店舗', 'セブン-イレブン'],
      ['期限', '2024-01-23 23:59'],
    ]);
    expect(body[3]).toMatchObject({
      type: 'text',
      text: 'コピー機で番号を入力してください。',
      wrap: true,
    });
    expect(bubble.footer?.contents.map((b) => (b as messagingApi.FlexButton).action)).toEqual([
      { type: 'uri', label: 'マニュアル', uri: 'https://example.ac.jp/manual' },
      { type: 'message', label: 'メニュー', text: 'メニュー' },
      {
        type: 'postback',
        label: 'Cancel the order',
        data: 'cancel',
        displayText: 'Cancel the order',
      },
    ]);
  });

  it('drops link buttons LINE would refuse and keeps a card with only a title valid', () => {
    const card: Card = {
      title: 'Links',
      buttons: [{ kind: 'link', label: 'Bad', url: 'javascript:alert(1)' }],
    };
    const [message] = renderLineMessages({ type: 'message', attachments: [cardAttachment(card)] });
    const bubble = (message as messagingApi.FlexMessage).contents as messagingApi.FlexBubble;
    expect(bubble.footer).toBeUndefined();
    expect(bubble.body?.contents).toHaveLength(1);
  });

  it('keeps alt text within 400 characters', () => {
    const [message] = renderLineMessages({
      type: 'message',
      attachments: [cardAttachment({ title: 'x'.repeat(500) })],
    });
    expect((message as messagingApi.FlexMessage).altText).toHaveLength(400);
  });

  it('ignores attachments that are not neutral cards', () => {
    const activity: Partial<Activity> = {
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: {} }],
    };
    expect(renderLineMessages(activity)).toEqual([]);
  });
});
