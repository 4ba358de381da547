import type { Metrics } from '../../src/platform/metrics';
import { RedisDeadLetters } from '../../src/turns/redisDeadLetters';
import { FakeLineApi } from '../support/fakeLineApi';
import { LINE_SECRET, startLineApp, type LineAppHarness } from '../support/appHarness';
import { LineEvents, postLineWebhook, webhookBody } from '../support/lineWebhook';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';

jest.setTimeout(30_000);

/** JSON of an object nested `depth` levels deep (too deep for this process to stringify). */
function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{"end":true}${'}'.repeat(depth - 1)}`;
}

/** A webhook body whose events' `extra: DEEP` fields are replaced by `nestedJson(depth)`. */
function bodyWithDeepEvents(events: unknown[], depth: number): string {
  return webhookBody(events).replaceAll('"__DEEP__"', nestedJson(depth));
}

async function deadLetterCount(metrics: Metrics, reason: string): Promise<number> {
  const { values } = await metrics.deadLetters.get();
  return values
    .filter((v) => v.labels.channel === 'line' && v.labels.reason === reason)
    .reduce((sum, v) => sum + v.value, 0);
}

/**
 * Poison events in the whole service (createApp as production wires it) on real Redis: one bad
 * event of a webhook is set aside in the dead-letter list, the others run.
 */
describe('LINE poison events, with Redis state', () => {
  let lineApi: FakeLineApi;
  let redis: TestRedis;
  let service: LineAppHarness;
  let events: LineEvents;

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

  const users = ['U'.padEnd(33, '1'), 'U'.padEnd(33, '2')];
  const deadLetters = () => new RedisDeadLetters(redis.redis, redis.keys).list(100);

  it('sets a 5,000-deep event aside, answers 200 and runs the good events around it', async () => {
    const poison = { ...events.text(users[0], 'deep'), extra: '__DEEP__' };
    const body = bodyWithDeepEvents(
      [events.text(users[0], 'hello'), poison, events.text(users[1], 'hello')],
      5_000,
    );
    const post = () => postLineWebhook(`${service.url}/api/line`, body, { secret: LINE_SECRET });
    const response = await post();
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ accepted: 2, deadLettered: 1 });
    await lineApi.waitForMessages(users[0], 1);
    await lineApi.waitForMessages(users[1], 1);
    await service.app.queue.idle();

    const letters = await deadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      channel: 'line',
      reason: 'too_deep',
      eventId: poison.webhookEventId,
    });
    expect(letters[0].at).toMatch(/\+09:00$/);
    expect(letters[0].excerpt.length).toBeLessThanOrEqual(201);
    expect(await deadLetterCount(service.app.metrics, 'too_deep')).toBe(1);

    // LINE redelivers the same webhook: nothing runs again, nothing is recorded twice.
    const answered = lineApi.calls.length;
    const again = await post();
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ accepted: 0, duplicates: 3, deadLettered: 0 });
    await service.app.queue.idle();
    expect(lineApi.calls.length).toBe(answered);
    expect(await deadLetters()).toHaveLength(1);
    expect(await deadLetterCount(service.app.metrics, 'too_deep')).toBe(1);

    // The student's next turn is answered as usual.
    expect((await service.post([events.text(users[0], 'later')])).status).toBe(200);
    await lineApi.waitForMessages(users[0], 2);
  });

  it('sets an oversized event aside and runs the other one', async () => {
    const big = { ...events.text(users[0], 'big'), padding: 'x'.repeat(100 * 1024) };
    const response = await service.post([big, events.text(users[1], 'small')]);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ accepted: 1, deadLettered: 1 });
    await lineApi.waitForMessages(users[1], 1);
    await service.app.queue.idle();
    expect(lineApi.messagesTo(users[0])).toHaveLength(0);
    const [letter] = await deadLetters();
    expect(letter).toMatchObject({ reason: 'too_large', eventId: big.webhookEventId });
    expect(await deadLetterCount(service.app.metrics, 'too_large')).toBe(1);
  });

  it('counts dead letters in /metrics', async () => {
    const body = bodyWithDeepEvents([{ ...events.text(users[0], 'deep'), extra: '__DEEP__' }], 100);
    await postLineWebhook(`${service.url}/api/line`, body, { secret: LINE_SECRET });
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toContain('certbot_dead_letters_total{channel="line",reason="too_deep"} 1');
  });
});
