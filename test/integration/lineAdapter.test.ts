import { randomUUID } from 'node:crypto';
import type { webhook } from '@line/bot-sdk';
import { ActivityTypes, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { LOCALE_LOOKUP, type BotLogic, type LocaleLookup } from '../../src/bot/botLogic';
import { cardAttachment } from '../../src/channels/card';
import { lineAccountLinkUrl } from '../../src/channels/line/accountLinkUrl';
import { LineAdapter } from '../../src/channels/line/lineAdapter';
import { LineApiError, LineOperationNotSupportedError } from '../../src/channels/line/errors';
import { LineMessagingClient } from '../../src/channels/line/lineClient';
import type { LineRetryPolicy } from '../../src/channels/line/lineDelivery';
import { lineRetryKey } from '../../src/channels/line/lineRetryKey';
import { Metrics } from '../../src/platform/metrics';
import { FakeLineApi } from '../support/fakeLineApi';
import { LineEvents } from '../support/lineWebhook';
import { capturedLogger } from '../support/capturedLogger';
import { waitFor } from '../support/serviceProcess';

/** Every log line of the suite, to prove no message text ever reaches the logs. */
const { logger, lines: logLines } = capturedLogger();

let api: FakeLineApi;
let events: LineEvents;
let metrics: Metrics;
/** Every wait between retries, in ms: the adapter's sleep records them and returns at once. */
let slept: number[];

function adapterWith(
  options: {
    loadingDelayMs?: number;
    replyTimeoutMs?: number;
    /** `'default'`: the production policy. */
    pushRetry?: LineRetryPolicy | 'default';
  } = {},
): LineAdapter {
  const pushRetry = options.pushRetry ?? { attempts: 3, baseDelayMs: 1 };
  return new LineAdapter({
    client: new LineMessagingClient({
      channelAccessToken: api.accessToken,
      apiBaseUrl: api.baseUrl,
      ...(options.replyTimeoutMs === undefined ? {} : { replyTimeoutMs: options.replyTimeoutMs }),
    }),
    logger,
    metrics,
    loadingDelayMs: options.loadingDelayMs ?? 60_000,
    botId: 'Ubot',
    ...(pushRetry === 'default' ? {} : { pushRetry }),
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
}

/** Sends `count` numbered texts. */
function sending(count: number, prefix = 'SECRET message'): BotLogic {
  return async (context) => {
    for (let i = 1; i <= count; i++) await context.sendActivity(`${prefix} ${i}`);
  };
}

async function failedTurns(): Promise<number> {
  const { values } = await metrics.turnErrors.get();
  return values.find((v) => v.labels.channel === 'line')?.value ?? 0;
}

const textsOf = (messages: Record<string, unknown>[]) => messages.map((m) => m.text);

beforeEach(async () => {
  api = await FakeLineApi.start();
  events = new LineEvents(api);
  metrics = new Metrics({ defaultMetrics: false });
  slept = [];
});

afterEach(async () => {
  await api.close();
});

describe('LineAdapter delivery', () => {
  it('answers with one reply when a turn sends five messages or fewer', async () => {
    await adapterWith().processEvent(events.text('U1', 'SECRET hi'), sending(3));
    expect(api.callsTo('reply')).toHaveLength(1);
    expect(api.callsTo('push')).toHaveLength(0);
    expect(textsOf(api.messagesTo('U1'))).toEqual([
      'SECRET message 1',
      'SECRET message 2',
      'SECRET message 3',
    ]);
  });

  it('buffers seven messages into one reply of five and one push of two with a retry key', async () => {
    await adapterWith().processEvent(events.text('U1', 'go'), sending(7));
    const [reply] = api.callsTo('reply');
    const [push] = api.callsTo('push');
    expect(reply.body.messages).toHaveLength(5);
    expect(api.callsTo('push')).toHaveLength(1);
    expect(push.body).toMatchObject({ to: 'U1' });
    expect(push.body.messages).toHaveLength(2);
    expect(push.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(push.headers.authorization).toBe(`Bearer ${api.accessToken}`);
    expect(textsOf(api.messagesTo('U1'))).toEqual(
      Array.from({ length: 7 }, (_, i) => `SECRET message ${i + 1}`),
    );
  });

  it('pushes overflow in chunks of five, each with its own retry key', async () => {
    await adapterWith().processEvent(events.text('U1', 'go'), sending(16));
    const pushes = api.callsTo('push');
    expect(pushes.map((p) => p.body.messages.length)).toEqual([5, 5, 1]);
    expect(new Set(pushes.map((p) => p.retryKey)).size).toBe(3);
    expect(api.messagesTo('U1')).toHaveLength(16);
  });

  it('pushes everything when the reply token is no longer valid', async () => {
    const event = events.text('U1', 'go', { replyToken: 'expired-token' });
    await adapterWith().processEvent(event, sending(7));
    expect(api.callsTo('reply').map((c) => c.status)).toEqual([400]);
    expect(api.callsTo('push').map((c) => c.body.messages.length)).toEqual([5, 2]);
    expect(textsOf(api.messagesTo('U1'))).toEqual(
      Array.from({ length: 7 }, (_, i) => `SECRET message ${i + 1}`),
    );
    expect(await failedTurns()).toBe(0);
  });

  it('retries a push that failed with 500 using the same retry key', async () => {
    api.failNext('push', { status: 500 });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(7));
    const pushes = api.callsTo('push');
    expect(pushes.map((p) => p.status)).toEqual([500, 200]);
    expect(pushes[1].retryKey).toBe(pushes[0].retryKey);
    expect(api.messagesTo('U1')).toHaveLength(7);
    expect(await failedTurns()).toBe(0);
  });

  it('delivers once when a push was accepted although LINE answered 500 (409 on retry)', async () => {
    api.failNext('push', { status: 500, acceptFirst: true });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(7));
    expect(api.callsTo('push').map((p) => p.status)).toEqual([500, 409]);
    expect(api.messagesTo('U1')).toHaveLength(7);
    expect(await failedTurns()).toBe(0);
  });

  it('retries a push whose connection dropped', async () => {
    api.failNext('push', { status: 'network' });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(6));
    expect(api.callsTo('push')).toHaveLength(2);
    expect(api.messagesTo('U1')).toHaveLength(6);
  });

  it('gives up after the configured attempts on repeated 5xx', async () => {
    api.failNext('push', { status: 503, times: 5 });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(6));
    expect(api.callsTo('push')).toHaveLength(3);
    expect(api.messagesTo('U1')).toHaveLength(5);
    expect(await failedTurns()).toBe(1);
  });

  it('never retries a push refused with 400', async () => {
    api.failNext('push', { status: 400, body: { message: 'The request body has 1 error(s)' } });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(7));
    expect(api.callsTo('push')).toHaveLength(1);
    expect(api.messagesTo('U1')).toHaveLength(5);
    expect(await failedTurns()).toBe(1);
  });

  it('pushes proactive messages (continueConversation)', async () => {
    const reference = {
      channelId: 'line',
      conversation: { id: 'U9', isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'U9', name: '' },
      bot: { id: 'Ubot', name: '' },
      serviceUrl: '',
    };
    let seen: Partial<Activity> | undefined;
    await adapterWith().continueConversation(reference, async (context) => {
      seen = context.activity;
      await context.sendActivity('reminder');
    });
    expect(seen).toMatchObject({ type: ActivityTypes.Event, conversation: { id: 'U9' } });
    expect(api.callsTo('reply')).toHaveLength(0);
    expect(textsOf(api.messagesTo('U9'))).toEqual(['reminder']);
  });

  it('also supports continueConversationAsync', async () => {
    const reference = {
      channelId: 'line',
      conversation: { id: 'U9', isGroup: false, conversationType: 'personal', name: '' },
    };
    await adapterWith().continueConversationAsync('app-id', reference, sending(1, 'async'));
    expect(textsOf(api.messagesTo('U9'))).toEqual(['async 1']);
  });
});

describe('LineAdapter delivery when LINE fails', () => {
  /** The pushes' retry key for the `index`-th group of five of the event's answer. */
  const keyOf = (event: webhook.Event, index: number) =>
    lineRetryKey(`reply:${event.webhookEventId}:${index}`);

  it('retries a reply answered 500 with the same token, and pushes nothing', async () => {
    api.failNext('reply', { status: 500 });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(3));
    const replies = api.callsTo('reply');
    expect(replies.map((c) => c.status)).toEqual([500, 200]);
    expect(replies[1].body.replyToken).toBe(replies[0].body.replyToken);
    expect(api.callsTo('push')).toHaveLength(0);
    expect(textsOf(api.messagesTo('U1'))).toEqual([
      'SECRET message 1',
      'SECRET message 2',
      'SECRET message 3',
    ]);
    expect(slept).toEqual([250]);
    expect(await failedTurns()).toBe(0);
  });

  it('shows the answer once when LINE accepted the reply but answered 500 (token spent on retry)', async () => {
    api.failNext('reply', { status: 500, acceptFirst: true });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(3));
    expect(api.callsTo('reply').map((c) => c.status)).toEqual([500, 400]);
    expect(api.callsTo('push')).toHaveLength(0);
    expect(api.messagesTo('U1')).toHaveLength(3);
    expect(await failedTurns()).toBe(0);
  });

  it('shows the answer once when LINE accepted the reply but its answer never came in time', async () => {
    api.delayNext('reply', 1_000);
    await adapterWith({ replyTimeoutMs: 200 }).processEvent(events.text('U1', 'go'), sending(3));
    expect(api.callsTo('push')).toHaveLength(0);
    expect(api.messagesTo('U1')).toHaveLength(3);
    expect(await failedTurns()).toBe(0);
    // The late answer to the first try arrives after the retry was refused as spent (on a slow
    // machine the retry itself may time out once more: then two refusals come before it).
    await waitFor(() => api.callsTo('reply').some((c) => c.status === 200), 'the late answer');
    const statuses = api.callsTo('reply').map((c) => c.status);
    expect(statuses[statuses.length - 1]).toBe(200);
    expect(statuses.slice(0, -1).length).toBeGreaterThanOrEqual(1);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([400]));
  });

  it('retries a reply whose connection dropped', async () => {
    api.failNext('reply', { status: 'network' });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(2));
    expect(api.countsOf('reply')).toEqual({ 0: 1, 200: 1 });
    expect(api.callsTo('push')).toHaveLength(0);
    expect(api.messagesTo('U1')).toHaveLength(2);
  });

  it('pushes the answer with the event’s retry keys when replies keep failing with 5xx', async () => {
    api.failNext('reply', { status: 503, times: 3 });
    const event = events.text('U1', 'go');
    await adapterWith().processEvent(event, sending(7));
    expect(api.callsTo('reply').map((c) => c.status)).toEqual([503, 503, 503]);
    const pushes = api.callsTo('push');
    expect(pushes.map((p) => [p.status, p.body.messages.length])).toEqual([
      [200, 5],
      [200, 2],
    ]);
    expect(pushes.map((p) => p.retryKey)).toEqual([keyOf(event, 0), keyOf(event, 1)]);
    expect(api.recipientsOf('reply')).toEqual([]);
    expect(textsOf(api.messagesTo('U1'))).toEqual(
      Array.from({ length: 7 }, (_, i) => `SECRET message ${i + 1}`),
    );
    expect(slept).toEqual([250, 500]);
    expect(await failedTurns()).toBe(0);
  });

  it('shows the answer once when the same event runs again (redelivery) and replies fail', async () => {
    api.failNext('reply', { status: 500, times: 6 });
    const event = events.text('U1', 'go');
    const redelivered = { ...event, deliveryContext: { isRedelivery: true } };
    await adapterWith().processEvent(event, sending(3));
    await adapterWith().processEvent(redelivered, sending(3));
    expect(api.countsOf('reply')).toEqual({ 500: 6 });
    expect(api.callsTo('push').map((p) => p.status)).toEqual([200, 409]);
    expect(new Set(api.callsTo('push').map((p) => p.retryKey))).toEqual(new Set([keyOf(event, 0)]));
    expect(textsOf(api.messagesTo('U1'))).toEqual([
      'SECRET message 1',
      'SECRET message 2',
      'SECRET message 3',
    ]);
    expect(await failedTurns()).toBe(0);
  });

  it('pushes with the event’s retry keys when the reply token is unusable, so a rerun shows nothing twice', async () => {
    const event = events.text('U1', 'go', { replyToken: 'expired-token' });
    await adapterWith().processEvent(event, sending(7));
    await adapterWith().processEvent(event, sending(7));
    expect(api.countsOf('reply')).toEqual({ 400: 2 });
    const pushes = api.callsTo('push');
    expect(pushes.map((p) => p.status)).toEqual([200, 200, 409, 409]);
    expect(pushes.map((p) => p.retryKey)).toEqual([
      keyOf(event, 0),
      keyOf(event, 1),
      keyOf(event, 0),
      keyOf(event, 1),
    ]);
    expect(api.messagesTo('U1')).toHaveLength(7);
    expect(await failedTurns()).toBe(0);
  });

  it('uses a random retry key for each run of an event without a webhookEventId', async () => {
    const event = events.text('U1', 'go', { replyToken: 'expired-token' });
    Reflect.deleteProperty(event, 'webhookEventId');
    await adapterWith().processEvent(event, sending(2));
    await adapterWith().processEvent(event, sending(2));
    const pushes = api.callsTo('push');
    expect(pushes.map((p) => p.status)).toEqual([200, 200]);
    expect(pushes[0].retryKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(pushes[1].retryKey).not.toBe(pushes[0].retryKey);
  });

  it('waits as long as LINE’s Retry-After says before retrying a push answered 429', async () => {
    api.failNext('push', {
      status: 429,
      body: { message: 'Too Many Requests' },
      headers: { 'retry-after': '1' },
    });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(7));
    const pushes = api.callsTo('push');
    expect(pushes.map((p) => p.status)).toEqual([429, 200]);
    expect(pushes[1].retryKey).toBe(pushes[0].retryKey);
    expect(slept).toEqual([1000]);
    expect(api.messagesTo('U1')).toHaveLength(7);
    expect(await failedTurns()).toBe(0);
  });

  it('gives up at once when Retry-After is longer than a turn may wait', async () => {
    api.failNext('push', { status: 429, headers: { 'retry-after': '60' }, times: 5 });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(7));
    expect(api.callsTo('push')).toHaveLength(1);
    expect(slept).toEqual([]);
    expect(api.messagesTo('U1')).toHaveLength(5);
    expect(await failedTurns()).toBe(1);
  });

  it('never retries a push refused for the monthly limit', async () => {
    api.failNext('push', {
      status: 429,
      body: { message: 'You have reached your monthly limit.' },
      times: 5,
    });
    await adapterWith().processEvent(events.text('U1', 'go'), sending(7));
    expect(api.callsTo('push').map((p) => p.status)).toEqual([429]);
    expect(slept).toEqual([]);
    expect(api.messagesTo('U1')).toHaveLength(5);
    expect(await failedTurns()).toBe(1);
  });

  it('tries a push 5 times within 3.75 s of waiting by default', async () => {
    api.failNext('push', { status: 503, times: 5 });
    await adapterWith({ pushRetry: 'default' }).processEvent(events.text('U1', 'go'), sending(7));
    expect(api.countsOf('push')).toEqual({ 503: 5 });
    expect(slept).toEqual([250, 500, 1000, 2000]);
    expect(api.messagesTo('U1')).toHaveLength(5);
    expect(await failedTurns()).toBe(1);
  });
});

describe('LineAdapter turns', () => {
  it('still sends what was buffered when the bot fails, with onTurnError’s apology, in one reply', async () => {
    const adapter = adapterWith();
    adapter.onTurnError = async (context) => {
      await context.sendActivity('sorry');
    };
    await adapter.processEvent(events.text('U1', 'go'), async (context) => {
      await context.sendActivity('before');
      throw new Error('bot bug');
    });
    expect(api.callsTo('reply')).toHaveLength(1);
    expect(textsOf(api.messagesTo('U1'))).toEqual(['before', 'sorry']);
    expect(await failedTurns()).toBe(1);
  });

  it('rethrows when no onTurnError is set, after sending what was buffered', async () => {
    const logic: BotLogic = async (context) => {
      await context.sendActivity('before');
      throw new Error('bot bug');
    };
    await expect(adapterWith().processEvent(events.text('U1', 'go'), logic)).rejects.toThrow(
      'bot bug',
    );
    expect(textsOf(api.messagesTo('U1'))).toEqual(['before']);
  });

  it.each([
    ['sticker', () => events.sticker('U1')],
    ['image', () => events.image('U1')],
    ['location', () => events.location('U1')],
  ])('answers a %s as a message without text', async (kind, make) => {
    const seen: Partial<Activity>[] = [];
    await adapterWith().processEvent(make(), async (context) => {
      seen.push(context.activity);
      if (!context.activity.text) await context.sendActivity('text only');
    });
    expect(seen[0].channelData.lineMessageType).toBe(kind);
    expect(textsOf(api.messagesTo('U1'))).toEqual(['text only']);
  });

  it('ignores unknown events and garbage without running the bot', async () => {
    const logic = jest.fn<Promise<void>, [TurnContext]>(async () => undefined);
    const adapter = adapterWith();
    await adapter.processEvent(events.unknown('U1') as webhook.Event, logic);
    await adapter.processEvent({ type: 'message' } as webhook.Event, logic);
    await adapter.processEvent(null as unknown as webhook.Event, logic);
    expect(logic).not.toHaveBeenCalled();
    expect(api.calls).toHaveLength(0);
  });

  it('greets on follow and sends nothing to a user who unfollowed', async () => {
    const adapter = adapterWith();
    const seen: Partial<Activity>[] = [];
    const logic: BotLogic = async (context) => {
      seen.push(context.activity);
      await context.sendActivity('welcome');
    };
    await adapter.processEvent(events.follow('U1'), logic);
    await adapter.processEvent(events.unfollow('U1'), logic);
    expect(seen.map((a) => [a.type, a.membersAdded?.[0]?.id, a.membersRemoved?.[0]?.id])).toEqual([
      [ActivityTypes.ConversationUpdate, 'U1', undefined],
      [ActivityTypes.ConversationUpdate, undefined, 'U1'],
    ]);
    expect(textsOf(api.messagesTo('U1'))).toEqual(['welcome']);
    expect(api.callsTo('push')).toHaveLength(0);
  });

  it('passes an account-link result as the accountLink event', async () => {
    let seen: Partial<Activity> | undefined;
    await adapterWith().processEvent(
      events.accountLink('U1', 'failed', 'nonce-1'),
      async (context) => {
        seen = context.activity;
        await context.sendActivity('link failed');
      },
    );
    expect(seen).toMatchObject({
      type: 'event',
      name: 'accountLink',
      value: { result: 'failed', nonce: 'nonce-1' },
    });
    // LINE gives no reply token for a failed link: the answer is pushed.
    expect(api.callsTo('push')).toHaveLength(1);
  });

  it('looks the language up in the LINE profile once per user, and copes with no profile', async () => {
    api.setProfile('U1', { language: 'en' });
    api.setProfile('U2', null);
    const adapter = adapterWith();
    const languages: (string | undefined)[] = [];
    const logic: BotLogic = async (context) => {
      languages.push(await context.turnState.get<LocaleLookup>(LOCALE_LOOKUP)());
    };
    await adapter.processEvent(events.text('U1', 'a'), logic);
    await adapter.processEvent(events.text('U1', 'b'), logic);
    await adapter.processEvent(events.text('U2', 'c'), logic);
    expect(languages).toEqual(['en', 'en', undefined]);
    expect(api.callsTo('profile').map((c) => c.path)).toEqual([
      '/v2/bot/profile/U1',
      '/v2/bot/profile/U2',
    ]);
  });

  it('refuses to edit or delete sent messages', async () => {
    const adapter = adapterWith();
    await adapter.processEvent(events.text('U1', 'a'), async (context) => {
      await expect(context.updateActivity({ id: '1', text: 'x' })).rejects.toBeInstanceOf(
        LineOperationNotSupportedError,
      );
      await expect(context.deleteActivity('1')).rejects.toBeInstanceOf(
        LineOperationNotSupportedError,
      );
    });
  });

  it('sends quick replies and cards that LINE accepts', async () => {
    const choices = Array.from({ length: 14 }, (_, i) => `A rather long choice label ${i}`);
    await adapterWith().processEvent(events.text('U1', 'go'), async (context) => {
      await context.sendActivity(MessageFactory.suggestedActions(choices, 'Pick'));
      await context.sendActivity({
        type: 'message',
        attachments: [
          cardAttachment({
            title: 'Order',
            hero: 'B57LD4K9WH',
            fields: [{ label: 'Fee', value: '¥400' }],
            buttons: [{ kind: 'link', label: 'Pay', url: 'https://pay.example/1' }],
          }),
        ],
      });
    });
    expect(api.callsTo('reply').map((c) => c.status)).toEqual([200]);
    const [pick, card] = api.messagesTo('U1');
    expect(pick.quickReply.items).toHaveLength(13);
    expect(pick.quickReply.items[0].action.label).toBe('A rather long choic…');
    expect(card).toMatchObject({ type: 'flex', altText: 'Order', contents: { type: 'bubble' } });
  });
});

describe('LineAdapter loading animation', () => {
  it('shows the animation in a 1:1 chat when the turn is slow, before the answer', async () => {
    // The turn lasts until the animation was requested: slow by construction, not by a timer.
    await adapterWith({ loadingDelayMs: 5 }).processEvent(
      events.text('U1', 'slow'),
      async (context) => {
        await api.waitForCalls('loading', 1);
        await context.sendActivity('done');
      },
    );
    const [loading] = api.callsTo('loading');
    expect(loading.body.chatId).toBe('U1');
    expect(loading.body.loadingSeconds % 5).toBe(0);
    expect(loading.status).toBe(202);
    expect(api.calls.map((c) => c.endpoint)).toEqual(['loading', 'reply']);
  });

  it('does not show it for a fast turn', async () => {
    await adapterWith({ loadingDelayMs: 60_000 }).processEvent(
      events.text('U1', 'fast'),
      sending(1),
    );
    expect(api.callsTo('loading')).toHaveLength(0);
    expect(api.messagesTo('U1')).toHaveLength(1);
  });

  it('shows it at once for a typing activity, only once per turn', async () => {
    await adapterWith().processEvent(events.text('U1', 'x'), async (context) => {
      await context.sendActivity({ type: ActivityTypes.Typing });
      await context.sendActivity({ type: ActivityTypes.Typing });
      await context.sendActivity('done');
    });
    expect(api.callsTo('loading')).toHaveLength(1);
  });

  it('never shows it in a group, where LINE does not support it', async () => {
    const source = { type: 'group' as const, groupId: 'G1', userId: 'U1' };
    await adapterWith({ loadingDelayMs: 0 }).processEvent(
      events.text('U1', 'x', { source }),
      async (context) => {
        await context.sendActivity({ type: ActivityTypes.Typing });
        await context.sendActivity('done');
      },
    );
    expect(api.callsTo('loading')).toHaveLength(0);
    expect(textsOf(api.messagesTo('G1'))).toEqual(['done']);
  });

  it('ignores a failing loading call', async () => {
    api.failNext('loading', { status: 500 });
    await adapterWith().processEvent(events.text('U1', 'x'), async (context) => {
      await context.sendActivity({ type: ActivityTypes.Typing });
      await context.sendActivity('done');
    });
    expect(textsOf(api.messagesTo('U1'))).toEqual(['done']);
    expect(await failedTurns()).toBe(0);
  });
});

describe('LineMessagingClient', () => {
  it('issues account-link tokens for the account-link URL', async () => {
    const client = new LineMessagingClient({
      channelAccessToken: api.accessToken,
      apiBaseUrl: api.baseUrl,
    });
    const linkToken = await client.issueLinkToken('U1');
    expect(linkToken).toMatch(/^[\w-]{20,}$/);
    expect(api.callsTo('linkToken').map((c) => c.path)).toEqual(['/v2/bot/user/U1/linkToken']);
    const url = new URL(
      lineAccountLinkUrl('https://access.line.me/dialog/bot/accountLink', linkToken, 'n 1'),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({ linkToken, nonce: 'n 1' });
  });

  it('reports LINE errors with status and LINE’s message', async () => {
    const client = new LineMessagingClient({
      channelAccessToken: 'wrong',
      apiBaseUrl: api.baseUrl,
    });
    const error = await client
      .push('U1', [{ type: 'text', text: 'x' }], randomUUID())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LineApiError);
    expect(error).toMatchObject({ endpoint: 'push', status: 401, retryable: false });
    expect((error as LineApiError).lineMessage).toMatch(/Authentication failed/);
  });

  it('gives up on a call LINE does not answer, as a retryable failure', async () => {
    api.delayNext('push', 2_000);
    const client = new LineMessagingClient({
      channelAccessToken: api.accessToken,
      apiBaseUrl: api.baseUrl,
      requestTimeoutMs: 20,
    });
    const error = await client
      .push('U1', [{ type: 'text', text: 'x' }], randomUUID())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LineApiError', status: undefined, retryable: true });
  });
});

describe('LineAdapter logs', () => {
  // Runs last: the suite above logged failures, retries and skipped events.
  it('logged what happened without any message text', () => {
    expect(logLines.some((line) => line.includes('LINE push failed'))).toBe(true);
    expect(logLines.filter((line) => line.includes('SECRET'))).toEqual([]);
  });
});
