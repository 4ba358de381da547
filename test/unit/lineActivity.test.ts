import { ActivityTypes } from 'botbuilder';
import { EVENTS } from '../../src/bot/botLogic';
import { lineEventToActivity } from '../../src/channels/line/lineActivity';
import { lineChatOf } from '../../src/channels/line/lineChat';
import { LineEvents } from '../support/lineWebhook';

const bot = { id: 'bot', name: '', role: 'bot' };
const events = new LineEvents();

describe('lineEventToActivity', () => {
  it('turns a text message into a message activity in the user chat', () => {
    const event = events.text('U1', 'hello', { replyToken: 'r' });
    const activity = lineEventToActivity(event, bot);
    expect(activity).toMatchObject({
      type: ActivityTypes.Message,
      channelId: 'line',
      text: 'hello',
      conversation: { id: 'U1', conversationType: 'personal', isGroup: false },
      from: { id: 'U1', role: 'user' },
      recipient: bot,
      channelData: {
        lineEventType: 'message',
        lineMessageType: 'text',
        webhookEventId: event.webhookEventId,
      },
    });
  });

  it('answers a group by its group id, from the user who wrote', () => {
    const source = { type: 'group' as const, groupId: 'G1', userId: 'U1' };
    const activity = lineEventToActivity(events.text('U1', 'hi', { source }), bot);
    expect(activity?.conversation).toMatchObject({
      id: 'G1',
      conversationType: 'group',
      isGroup: true,
    });
    expect(activity?.from?.id).toBe('U1');
  });

  it.each(['sticker', 'image', 'location'] as const)(
    'turns a %s into a message without text',
    (kind) => {
      const activity = lineEventToActivity(events[kind]('U1'), bot);
      expect(activity?.type).toBe(ActivityTypes.Message);
      expect(activity?.text).toBeUndefined();
      expect(activity?.channelData.lineMessageType).toBe(kind);
    },
  );

  it('turns a postback into a message whose text is the data, parsing JSON data', () => {
    expect(lineEventToActivity(events.postback('U1', 'lang:en'), bot)).toMatchObject({
      text: 'lang:en',
      value: undefined,
    });
    const json = lineEventToActivity(events.postback('U1', '{"copies":2}'), bot);
    expect(json).toMatchObject({
      type: ActivityTypes.Message,
      text: '{"copies":2}',
      value: { copies: 2 },
    });
  });

  it('turns follow and unfollow into conversation updates', () => {
    expect(lineEventToActivity(events.follow('U1'), bot)).toMatchObject({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'U1' }],
    });
    expect(lineEventToActivity(events.unfollow('U1'), bot)).toMatchObject({
      type: ActivityTypes.ConversationUpdate,
      membersRemoved: [{ id: 'U1' }],
    });
  });

  it('turns the bot joining a group into a conversation update adding the bot', () => {
    const source = { type: 'group' as const, groupId: 'G1' };
    expect(lineEventToActivity(events.unknown('U1', 'join', { source }), bot)).toMatchObject({
      type: ActivityTypes.ConversationUpdate,
      conversation: { id: 'G1', isGroup: true },
      membersAdded: [bot],
    });
  });

  it('turns an account link into the accountLink event', () => {
    expect(lineEventToActivity(events.accountLink('U1', 'ok', 'n-1'), bot)).toMatchObject({
      type: ActivityTypes.Event,
      name: EVENTS.accountLink,
      value: { result: 'ok', nonce: 'n-1' },
    });
  });

  it('ignores unknown events, events without a chat and garbage', () => {
    expect(lineEventToActivity(events.unknown('U1'), bot)).toBeUndefined();
    expect(
      lineEventToActivity({ ...events.text('U1', 'x'), source: undefined }, bot),
    ).toBeUndefined();
    expect(
      lineEventToActivity(
        { type: 'message', source: { type: 'user', userId: 'U1' }, message: 5 },
        bot,
      ),
    ).toBeUndefined();
    expect(lineEventToActivity(null, bot)).toBeUndefined();
    expect(lineEventToActivity('message', bot)).toBeUndefined();
  });
});

describe('lineChatOf', () => {
  it('keys turns by user, or by group / room when LINE names no user', () => {
    expect(lineChatOf({ type: 'user', userId: 'U1' })?.queueKey).toBe('line:U1');
    expect(lineChatOf({ type: 'group', groupId: 'G1', userId: 'U1' })?.queueKey).toBe('line:U1');
    expect(lineChatOf({ type: 'group', groupId: 'G1' })?.queueKey).toBe('line:group:G1');
    expect(lineChatOf({ type: 'room', roomId: 'R1' })).toMatchObject({
      conversationId: 'R1',
      queueKey: 'line:room:R1',
    });
    expect(lineChatOf({ type: 'user' })).toBeUndefined();
    expect(lineChatOf(undefined)).toBeUndefined();
  });
});
