import type { TurnContext } from 'botbuilder';
import { LineAdapter } from '../../src/channels/line/lineAdapter';
import { LineMessagingClient } from '../../src/channels/line/lineClient';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics';
import { DELIVERY_ID } from '../../src/turns/chatEvents';
import { FakeLineApi } from '../support/fakeLineApi';

const U1 = `U${'1'.repeat(32)}`;
const U2 = `U${'2'.repeat(32)}`;

/**
 * Proactive LINE turns that carry a delivery id (a reminder that may be handed on twice): their
 * pushes' retry keys derive from it, so the local LINE API, deduplicating as LINE does, shows
 * each message once however often the turn runs.
 */
describe('LINE pushes of a proactive turn with a delivery id', () => {
  let api: FakeLineApi;
  let adapter: LineAdapter;

  beforeEach(async () => {
    api = await FakeLineApi.start();
    adapter = new LineAdapter({
      client: new LineMessagingClient({
        channelAccessToken: api.accessToken,
        apiBaseUrl: api.baseUrl,
      }),
      logger: createLogger('silent'),
      metrics: new Metrics({ defaultMetrics: false }),
      loadingDelayMs: 60_000,
      pushRetry: { attempts: 2, baseDelayMs: 1 },
    });
  });
  afterEach(() => api.close());

  /** Runs a proactive turn to `to` that says seven things (two pushes). */
  const turn = (to: string, deliveryId?: string) =>
    adapter.continueConversation(
      {
        channelId: 'line',
        conversation: { id: to, isGroup: false, conversationType: 'personal', name: '' },
      },
      async (context: TurnContext) => {
        if (deliveryId) context.turnState.set(DELIVERY_ID, deliveryId);
        for (let n = 1; n <= 7; n++) await context.sendActivity(`reminder part ${n}`);
      },
    );

  it('gets 409 for every push of a repeat, so nothing shows twice', async () => {
    await turn(U1, 'reminder:O1:print:2d');
    await turn(U1, 'reminder:O1:print:2d');
    expect(api.messagesTo(U1)).toHaveLength(7);
    const pushes = api.callsTo('push');
    expect(pushes.map((call) => call.status)).toEqual([200, 200, 409, 409]);
    // One key per push of the turn, the same ones on the repeat.
    expect(new Set(pushes.map((call) => call.retryKey)).size).toBe(2);
    expect(pushes.slice(2).map((call) => call.retryKey)).toEqual(
      pushes.slice(0, 2).map((call) => call.retryKey),
    );
  });

  it('keys by chat and by delivery id: other chats and other reminders are delivered', async () => {
    await turn(U1, 'reminder:O1:print:2d');
    await turn(U2, 'reminder:O1:print:2d');
    await turn(U1, 'reminder:O1:print:lastDay09');
    expect(api.messagesTo(U1)).toHaveLength(14);
    expect(api.messagesTo(U2)).toHaveLength(7);
  });

  it('uses a fresh key each time without a delivery id', async () => {
    await turn(U1);
    await turn(U1);
    expect(api.messagesTo(U1)).toHaveLength(14);
  });
});
