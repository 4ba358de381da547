import Redis from 'ioredis';
import type { WebChatMessage } from '../../src/channels/webchat/webChatMessage';
import type { Texts } from '../../src/i18n/i18n';
import { LINE_SECRET, startLineApp, type LineAppHarness } from '../support/appHarness';
import { FakeLineApi } from '../support/fakeLineApi';
import { LineEvents, signLineBody, webhookBody } from '../support/lineWebhook';
import { startRedisServer, type PrivateRedis } from '../support/redisServer';
import { waitFor } from '../support/serviceProcess';
import { loadTexts } from '../support/texts';
import { botTexts, collect, createSession, http, poll, postJson } from '../support/webchatHttp';

jest.setTimeout(90_000);

/**
 * Turns that arrive while Redis is unreachable: each channel answers 503 with Retry-After and
 * stores nothing, so the redelivered (or resent) turn, once Redis is back, is answered once.
 * The service runs on a Redis server of this test alone, which it stops and starts again (its
 * data kept in an append-only file, as a production Redis keeps it across a restart).
 */
describe('turns while Redis is unreachable', () => {
  let texts: Texts;
  let server: PrivateRedis;
  let lineApi: FakeLineApi;
  let service: LineAppHarness;
  const prefix = 'outage:';

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    server = await startRedisServer({ appendOnly: true });
    lineApi = await FakeLineApi.start();
    service = await startLineApp(lineApi, { redisUrl: server.url, prefix });
  });
  afterEach(async () => {
    // Each test leaves Redis running: closing waits for Redis to say goodbye.
    await service.close();
    await lineApi.close();
    await server.dispose();
  });

  /** Stops Redis and waits until the service has noticed (its health says so). */
  async function stopRedis(): Promise<void> {
    await server.stop();
    let status = 0;
    while (status !== 503) status = (await fetch(`${service.url}/healthz`)).status;
  }

  /** Starts Redis again (same data) and waits until the service is connected to it. */
  async function restartRedis(): Promise<void> {
    await server.restart();
    await waitFor(() => service.app.redis?.status === 'ready', 'the service to reconnect', 30_000);
  }

  /**
   * The keys of turns queued (and event ids remembered) for `account`: none once it is idle.
   * Each look opens its own connection: one kept across the outage would still be reconnecting
   * (on ioredis' backoff) when Redis is back, and could not be asked yet.
   */
  async function turnKeysOf(account: string): Promise<string[]> {
    const inspect = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    try {
      const keys = await inspect.keys(`${prefix}*`);
      const active = await inspect.smembers(`${prefix}{turns:active}:set`);
      return [...keys, ...active].filter((key) => key.includes('turns') && key.includes(account));
    } finally {
      inspect.disconnect();
    }
  }

  it('refuses a LINE webhook with 503, queues nothing, and answers its redelivery once', async () => {
    const user = 'U0000000000000000000000000outage1';
    const event = new LineEvents(lineApi).text(user, 'help');
    expect(await turnKeysOf(user)).toEqual([]);

    await stopRedis();
    const body = webhookBody([event]);
    const refused = await fetch(`${service.url}/api/line`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-line-signature': signLineBody(body, LINE_SECRET),
      },
      body,
    });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    await restartRedis();
    // Nothing of the refused event was kept: no queued turn, no remembered event id.
    expect(await turnKeysOf(user)).toEqual([]);
    expect(lineApi.messagesTo(user)).toEqual([]);

    // LINE redelivers the same event (same webhookEventId): it runs, once.
    const redelivered = { ...event, deliveryContext: { isRedelivery: true } };
    expect((await service.post([redelivered])).status).toBe(200);
    const help = await lineApi.waitForMessages(user, 2);
    const again = await service.post([redelivered]);
    expect(JSON.parse(again.body)).toMatchObject({ accepted: 0, duplicates: 1 });
    await service.app.queue.idle();
    expect(lineApi.messagesTo(user)).toEqual(help);
    expect(help.map((message) => String(message.text)).join('\n')).toContain('06-6809-4327');
  });

  it('hands a LINE turn that loses Redis midway back, says nothing, and answers it once when Redis is back', async () => {
    const user = 'U0000000000000000000000000outage2';
    lineApi.setProfile(user, { displayName: 'Hanako', language: 'en' });
    // The turn asks LINE for the profile first; while LINE takes its time, Redis goes away.
    lineApi.delayNext('profile', 3_000);
    const event = new LineEvents(lineApi).text(user, 'help');
    expect((await service.post([event])).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stopRedis();
    // LINE answers (calls are recorded once answered); the turn then fails on Redis, and
    // whatever it was about to say is dropped.
    await lineApi.waitForCalls('profile', 1);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(lineApi.messagesTo(user)).toEqual([]);

    await restartRedis();
    const answer = await lineApi.waitForMessages(user, 1, 15_000);
    await service.app.queue.idle();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const said = lineApi.messagesTo(user).map((message) => String(message.text));
    const sorry = [texts.t('en')('error.sorry'), texts.t('ja')('error.sorry')];
    expect(said.filter((text) => sorry.includes(text))).toEqual([]);
    expect(said.join('\n')).toContain('06-6809-4327');
    // Once: the answer's messages, and nothing after them.
    expect(lineApi.messagesTo(user)).toHaveLength(answer.length);
    expect(await turnKeysOf(user)).toEqual([]);
  });

  it('refuses a web-chat post with 503 `unavailable`, keeps no trace of it, and answers it once sent again', async () => {
    const sessionId = await createSession(service.url, 'en-US');
    const messages = `${service.url}/api/webchat/messages`;
    await postJson(messages, { sessionId, type: 'conversationUpdate' });
    await collect(service.url, sessionId, (m) => botTexts(m).length >= 1);
    await service.app.queue.idle();
    const greeting = await poll(service.url, sessionId, 0);
    expect(await turnKeysOf(sessionId)).toEqual([]);

    await stopRedis();
    const refused = await postJson(messages, { sessionId, text: 'help', clientId: 'c-help' });
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: 'unavailable' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // A new chat cannot start either, and says the same.
    const session = await postJson(`${service.url}/api/webchat/sessions`, {});
    expect(session.status).toBe(503);
    expect(session.body).toEqual({ error: 'unavailable' });

    await restartRedis();
    const last = greeting[greeting.length - 1].seq;
    expect(await turnKeysOf(sessionId)).toEqual([]);

    // The page sends it again (the student's text was kept in the input): answered once.
    const resent = await postJson(messages, { sessionId, text: 'help', clientId: 'c-help' });
    expect(resent.status).toBe(202);
    const en = texts.t('en');
    const callCenter = en('help.callCenter', { phone: '06-6809-4327' });
    await collect(
      service.url,
      sessionId,
      (m) => botTexts(m).some((text) => text.includes(callCenter)),
      last,
    );
    await service.app.queue.idle();
    // Everything after the greeting: the student's line once (none left by the refused post),
    // then the answer, once.
    const after: WebChatMessage[] = await poll(service.url, sessionId, last);
    expect(after.filter((m) => m.from === 'user')).toEqual([
      expect.objectContaining({ seq: last + 1, text: 'help', clientId: 'c-help' }),
    ]);
    expect(botTexts(after).filter((text) => text.includes(callCenter))).toHaveLength(1);
  });

  it('refuses a Bot Framework activity with 503 before the turn runs', async () => {
    await stopRedis();
    const activity = {
      type: 'message',
      id: 'a1',
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: 'u1' },
      recipient: { id: 'bot' },
      conversation: { id: 'c1' },
      text: 'help',
    };
    const refused = await http(`${service.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: 'state_unavailable' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await restartRedis();
    expect(await turnKeysOf('c1')).toEqual([]);
  });
});
