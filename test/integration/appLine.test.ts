import type { Texts } from '../../src/i18n/i18n';
import { FakeLineApi } from '../support/fakeLineApi';
import { startLineApp, type LineAppHarness } from '../support/appHarness';
import { LineEvents } from '../support/lineWebhook';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';
import { loadTexts } from '../support/texts';

/** The whole service on LINE: signed webhooks in, the local LINE API out, real Redis between. */
describe('the service on LINE, with Redis state', () => {
  let texts: Texts;
  let lineApi: FakeLineApi;
  let redis: TestRedis;
  let service: LineAppHarness;
  let events: LineEvents;
  let userCount = 0;
  const newUser = () => `U${String(++userCount).padStart(32, '0')}`;
  const textsTo = (user: string) =>
    lineApi.messagesTo(user).map((m) => (m.type === 'text' ? String(m.text) : `[${m.type}]`));

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    lineApi = await FakeLineApi.start();
    redis = await testRedis();
    service = await startLineApp(lineApi, { redisUrl: TEST_REDIS_URL, prefix: redis.prefix });
    events = new LineEvents(lineApi);
  });
  afterEach(async () => {
    await service.close();
    await lineApi.close();
    await redis.cleanup();
  });

  it('greets a new friend in the language of their LINE app, with the menu as quick replies', async () => {
    const user = newUser();
    lineApi.setProfile(user, { language: 'en' });
    expect((await service.post([events.follow(user)])).status).toBe(200);
    const [welcome, menu] = await lineApi.waitForMessages(user, 2);
    const en = texts.t('en');
    expect(welcome.text).toBe(en('welcome'));
    expect(menu.text).toBe(en('menu.prompt'));
    const labels = (menu.quickReply as { items: { action: { label: string } }[] }).items.map(
      (item) => item.action.label,
    );
    expect(labels).toEqual([
      en('menu.apply'),
      en('menu.login'),
      en('menu.help'),
      en('menu.manual'),
      en('menu.language'),
    ]);
    expect(lineApi.callsTo('reply')).toHaveLength(1);
  });

  it('switches language, remembers it in Redis, and answers help and manual', async () => {
    const user = newUser();
    await service.post([events.follow(user)]);
    await lineApi.waitForMessages(user, 2);
    await service.post([events.text(user, 'English')]);
    await lineApi.waitForMessages(user, 4);
    await service.post([events.text(user, 'help')]);
    await service.post([events.text(user, 'manual')]);
    const all = await lineApi.waitForMessages(user, 8);
    const en = texts.t('en');
    expect(textsTo(user).slice(2, 4)).toEqual([en('language.changed'), en('menu.prompt')]);
    expect(String(all[4].text)).toContain(en('help.callCenter', { phone: '06-6809-4327' }));
    expect(all[6].type).toBe('flex');
    expect(all[6].altText).toBe(en('manual.title'));
    // The language is stored under this test's prefix, and nowhere else.
    const stored = await redis.redis.keys(`${redis.prefix}state:line/users/*`);
    expect(stored).toHaveLength(1);
    expect(JSON.parse((await redis.redis.get(stored[0])) ?? '{}').chatProfile.language).toBe('en');
  });

  it('processes a redelivered event once', async () => {
    const user = newUser();
    const event = events.text(user, 'help');
    await service.post([event]);
    await service.post([{ ...event, deliveryContext: { isRedelivery: true } }]);
    await lineApi.waitForMessages(user, 2);
    await service.app.queue.idle();
    expect(lineApi.messagesTo(user)).toHaveLength(2);
  });

  it('refuses a forged webhook with 401 and processes nothing', async () => {
    const user = newUser();
    const answer = await service.post([events.text(user, 'help')], { secret: 'not-the-secret' });
    expect(answer.status).toBe(401);
    await service.app.queue.idle();
    expect(lineApi.calls).toHaveLength(0);
  });

  it('answers stickers, images, locations, emoji, 10,000 characters and unknown events sensibly', async () => {
    const user = newUser();
    lineApi.setProfile(user, { language: 'en' });
    const en = texts.t('en');
    const batch = [
      events.sticker(user),
      events.image(user),
      events.location(user),
      events.text(user, '🎓✨'),
      events.text(user, 'x'.repeat(10_000)),
      events.unknown(user),
    ];
    expect((await service.post(batch)).status).toBe(200);
    await service.app.queue.idle();
    await lineApi.waitForMessages(user, 8);
    expect(textsTo(user)).toEqual([
      en('nonText'),
      en('menu.prompt'),
      en('nonText'),
      en('menu.prompt'),
      en('nonText'),
      en('menu.prompt'),
      en('menu.retry'),
      en('menu.retry'),
    ]);
  });

  it('keeps every update when two instances take one student’s events at the same moment', async () => {
    const other = await startLineApp(lineApi, { redisUrl: TEST_REDIS_URL, prefix: redis.prefix });
    try {
      const user = newUser();
      await service.post([events.text(user, 'hi')]);
      await lineApi.waitForMessages(user, 1);
      // Twenty language switches, fired together, half to each instance.
      const words = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? '日本語' : 'English'));
      const sent = words.map((word) => events.text(user, word));
      const answers = await Promise.all(
        sent.map((event, i) => (i % 2 === 0 ? service : other).post([event])),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
      await lineApi.waitForCalls('reply', 21);
      // Replay the turns in the order they ran: each answer must match the language the
      // previous turn left behind. A lost update would break the chain.
      const wordByToken = new Map(sent.map((event, i) => [event.replyToken, words[i]]));
      let language: 'ja' | 'en' = 'ja';
      await service.app.queue.idle();
      await other.app.queue.idle();
      // Each turn ran exactly once: one accepted reply per event, no retried reply, no push.
      expect(lineApi.callsTo('reply').map((call) => call.status)).toEqual(Array(21).fill(200));
      expect(lineApi.callsTo('push')).toHaveLength(0);
      const ran = lineApi.callsTo('reply').slice(1);
      for (const call of ran) {
        const word = wordByToken.get(call.body.replyToken);
        const wanted = word === 'English' ? 'en' : 'ja';
        const expected = texts.t(wanted)(
          language === wanted ? 'language.unchanged' : 'language.changed',
        );
        expect(call.body.messages[0].text).toBe(expected);
        language = wanted;
      }
      const stored = await redis.redis.keys(`${redis.prefix}state:line/users/*`);
      expect(JSON.parse((await redis.redis.get(stored[0])) ?? '{}').chatProfile.language).toBe(
        language,
      );
    } finally {
      await other.close();
    }
  });

  it('reports Redis in /healthz and counts LINE turns in /metrics', async () => {
    const health = await fetch(`${service.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      redis: { mode: 'single', masters: 1, reachable: 1 },
    });
    const user = newUser();
    await service.post([events.text(user, 'help')]);
    await lineApi.waitForMessages(user, 2);
    await service.app.queue.idle();
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/certbot_turns_total\{channel="line"\} 1/);
    expect(metrics).toMatch(/certbot_turn_duration_seconds_count\{channel="line"\} 1/);
  });
});
