import { MemoryWebChatOutbox } from '../../src/channels/webchat/memoryWebChatOutbox';
import { RedisWebChatOutbox } from '../../src/channels/webchat/redisWebChatOutbox';
import type { WebChatOutbox } from '../../src/channels/webchat/webChatOutbox';
import { testRedis, type TestRedis } from '../support/redis';
import {
  botTexts,
  collect,
  createSession,
  http,
  poll,
  postJson,
  say,
} from '../support/webchatHttp';
import {
  startWebChatServer,
  TEST_CARD,
  type WebChatTestServer,
} from '../support/webchatTestServer';

const RATE_LIMIT = { max: 6, windowMs: 60_000 };

describe.each([
  [
    'memory',
    async () => ({ outbox: new MemoryWebChatOutbox() as WebChatOutbox, done: async () => {} }),
  ],
  [
    'redis',
    async () => {
      const redis: TestRedis = await testRedis();
      return {
        outbox: new RedisWebChatOutbox(redis.redis, redis.keys),
        done: () => redis.cleanup(),
      };
    },
  ],
])('web-chat routes with the %s outbox', (_name, makeOutbox) => {
  let server: WebChatTestServer;
  let outbox: WebChatOutbox;
  let cleanup: () => Promise<void>;
  let base: string;

  beforeAll(async () => {
    const made = await makeOutbox();
    outbox = made.outbox;
    cleanup = made.done;
    server = await startWebChatServer({ outbox, limits: { rateLimit: RATE_LIMIT } });
    base = server.url;
  });

  afterAll(async () => {
    await server.close();
    await cleanup();
  });

  const messagesUrl = (): string => `${base}/api/webchat/messages`;

  test('creates sessions with unguessable base64url ids', async () => {
    const a = await createSession(base, 'ja-JP');
    const b = await createSession(base);
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/); // 32 base64url characters carry 192 bits
    expect(b).not.toBe(a);
    const answer = await http(`${base}/api/webchat/sessions`, { method: 'POST' });
    expect(answer.status).toBe(201);
  });

  test('greets once on the first contact, in the browser locale, with a choice', async () => {
    const id = await createSession(base, 'en-US');
    const first = await postJson(messagesUrl(), { sessionId: id, type: 'conversationUpdate' });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: true });
    // A second first contact (two tabs, a retry) is taken too; its turn finds the greeting claimed.
    const again = await postJson(messagesUrl(), { sessionId: id, type: 'conversationUpdate' });
    expect(again.body).toEqual({ accepted: true });

    const [greeting] = await collect(base, id, (m) => m.length >= 1);
    expect(greeting).toMatchObject({
      seq: 1,
      from: 'bot',
      text: 'Welcome! (en-US)',
      choices: [{ label: 'Say hi', value: 'hi' }],
    });
    await say(base, id, 'after');
    const rest = await collect(base, id, (m) => botTexts(m).includes('echo: after'), 1);
    expect(botTexts(rest)).toEqual(['echo: after']);
  });

  test('a waiting long poll returns the student message and then the echo reply', async () => {
    const id = await createSession(base, 'ja-JP');
    const waiting = poll(base, id, 0);
    const posted = await postJson(messagesUrl(), {
      sessionId: id,
      text: '  hello  ',
      clientId: 'c1',
    });
    expect(posted.status).toBe(202);
    expect(posted.body).toEqual({ accepted: true });
    const woken = await waiting;
    expect(woken[0]).toMatchObject({ seq: 1, from: 'user', text: 'hello', clientId: 'c1' });
    const all = await collect(base, id, (m) => botTexts(m).length > 0);
    expect(botTexts(all)).toEqual(['echo: hello']); // the typing activity shows nothing
  });

  test('a button press sends its value and records its label', async () => {
    const id = await createSession(base);
    const posted = await postJson(messagesUrl(), { sessionId: id, value: 'hi', label: 'Say hi' });
    expect(posted.status).toBe(202);
    const all = await collect(base, id, (m) => botTexts(m).length > 0);
    expect(all.map((m) => [m.from, m.text])).toEqual([
      ['user', 'Say hi'],
      ['bot', 'echo: hi'],
    ]);
  });

  test('many outbound messages arrive in order, numbered without gaps', async () => {
    const id = await createSession(base);
    await say(base, id, 'many');
    const all = await collect(base, id, (m) => m.length >= 31);
    expect(all.map((m) => m.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(botTexts(all)).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i + 1}`));
    expect(await poll(base, id, 29)).toHaveLength(2);
  });

  test('cards and their buttons reach the page as neutral cards', async () => {
    const id = await createSession(base);
    await say(base, id, 'card');
    const all = await collect(base, id, (m) => m.some((x) => x.cards));
    expect(all.find((m) => m.cards)?.cards).toEqual([TEST_CARD]);
  });

  test('a long poll with nothing to fetch ends with no messages', async () => {
    const id = await createSession(base);
    expect(await poll(base, id, 0)).toEqual([]);
  });

  test('refuses malformed and unknown requests with a JSON code, changing nothing', async () => {
    const id = await createSession(base);
    const unknown = 'A'.repeat(32);
    const cases: [Promise<Awaited<ReturnType<typeof http>>>, number, string][] = [
      [say(base, unknown, 'hi'), 404, 'unknown_session'],
      [say(base, 'not-a-session', 'hi'), 400, 'invalid_session_id'],
      [say(base, id, '   '), 400, 'empty_text'],
      [say(base, id, 'x'.repeat(2001)), 400, 'text_too_long'],
      [postJson(messagesUrl(), { sessionId: id, text: 'a', value: 'b' }), 400, 'invalid_message'],
      [postJson(messagesUrl(), { sessionId: id, text: 42 }), 400, 'invalid_message'],
      [postJson(messagesUrl(), [id]), 400, 'invalid_body'],
      [postJson(messagesUrl(), { sessionId: id, text: 'a', locale: '<b>' }), 400, 'invalid_locale'],
      [
        postJson(messagesUrl(), { sessionId: id, text: 'a', clientId: '../x' }),
        400,
        'invalid_client_id',
      ],
      [
        http(messagesUrl(), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"sessionId": ',
        }),
        400,
        'bad_json',
      ],
      [
        http(messagesUrl(), {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: JSON.stringify({ sessionId: id, text: 'hi' }),
        }),
        415,
        'unsupported_media_type',
      ],
      [
        http(messagesUrl(), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `sessionId=${id}&text=hi`,
        }),
        415,
        'unsupported_media_type',
      ],
      [postJson(messagesUrl(), { sessionId: id, text: 'y'.repeat(40_000) }), 413, 'body_too_large'],
      // A button value nested 5,000 deep (the poison event of LINE webhooks): only strings pass.
      [
        http(messagesUrl(), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: `{"sessionId":"${id}","value":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
        }),
        400,
        'invalid_message',
      ],
      [http(`${messagesUrl()}?sessionId=${unknown}&after=0`), 404, 'unknown_session'],
      [http(`${messagesUrl()}?sessionId=${id}&after=-1`), 400, 'invalid_after'],
      [http(`${messagesUrl()}?after=0`), 400, 'invalid_session_id'],
      [http(`${base}/webchat/i18n.json?lng=fr`), 400, 'invalid_language'],
    ];
    for (const [request, status, code] of cases) {
      const answer = await request;
      expect([answer.status, answer.body]).toEqual([status, { error: code }]);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    expect(await outbox.read(id, 0)).toEqual([]);
  });

  test('accepts exactly 2000 characters (an emoji counts as one)', async () => {
    const id = await createSession(base);
    expect((await say(base, id, '😀'.repeat(2000))).status).toBe(202);
    expect((await say(base, id, 'x'.repeat(2000))).status).toBe(202);
  });

  test('rate-limits each session on its own, with a localizable code', async () => {
    const noisy = await createSession(base);
    const calm = await createSession(base);
    for (let i = 0; i < RATE_LIMIT.max; i++) {
      expect((await say(base, noisy, `m${i}`)).status).toBe(202);
    }
    const refused = await say(base, noisy, 'one too many');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'rate_limited' });
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await say(base, calm, 'fine')).status).toBe(202);
    const stored = await outbox.read(noisy, 0);
    expect(stored.filter((m) => m.from === 'user').map((m) => m.text)).not.toContain(
      'one too many',
    );
  });

  test('a proactive message reaches a waiting poll', async () => {
    const id = await createSession(base, 'ja-JP');
    await say(base, id, 'hello');
    const seen = await collect(base, id, (m) => botTexts(m).length > 0);
    const reference = server.references.get(id);
    expect(reference).toBeDefined();
    const waiting = poll(base, id, seen[seen.length - 1].seq);
    await server.adapter.continueConversation(reference!, async (context) => {
      await context.sendActivity('Your email address is confirmed.');
    });
    expect(botTexts(await waiting)).toEqual(['Your email address is confirmed.']);
  });

  test('a failing turn is answered by onTurnError and counted as an error', async () => {
    const id = await createSession(base);
    await say(base, id, 'fail');
    const all = await collect(base, id, (m) => botTexts(m).length > 0);
    expect(botTexts(all)).toEqual(['sorry, something went wrong']);
    const errors = await server.metrics.turnErrors.get();
    expect(errors.values.find((v) => v.labels.channel === 'webchat')?.value).toBeGreaterThan(0);
  });

  test('logs neither message text nor session ids', async () => {
    const id = await createSession(base);
    await say(base, id, 'fail: my address is taro@example.ac.jp');
    await say(base, id, 'x'.repeat(2001));
    await collect(base, id, (m) => botTexts(m).length > 0);
    const logs = server.logLines.join('\n');
    expect(logs).toContain('"code":"text_too_long"'); // the refusal was logged, without the text
    expect(logs).not.toContain('taro@example.ac.jp');
    expect(logs).not.toContain(id);
    expect(logs).not.toContain('xxxxxxxx');
  });
});
