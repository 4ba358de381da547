import { Writable } from 'node:stream';
import { LineAdapter } from '../../src/channels/line/lineAdapter';
import { LineMessagingClient } from '../../src/channels/line/lineClient';
import type { LineRateLimiter, RateLimitedEndpoint } from '../../src/channels/line/lineRateLimiter';
import { LineStaffPushSender } from '../../src/channels/line/lineStaffPushSender';
import { MemoryLineRateLimiter } from '../../src/channels/line/memoryLineRateLimiter';
import { RedisLineRateLimiter } from '../../src/channels/line/redisLineRateLimiter';
import { ManualClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics';
import { MemoryChatReachability } from '../../src/students/memoryChatReachability';
import { FakeLineApi } from '../support/fakeLineApi';
import { LineEvents } from '../support/lineWebhook';
import { ManualTimers } from '../support/manualTimers';
import { testRedis, type TestRedis } from '../support/redis';

const silent = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
const START = '2024-01-16T15:00:00.250+09:00';
const userId = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

/**
 * Runs `takes` calls of `take` at once and lets the manual clock go one second at a time; returns
 * how many were admitted in each second. Between steps everything has settled: each call is
 * either admitted or asleep until the next window.
 */
async function admittedPerSecond(
  limiters: LineRateLimiter[],
  timers: ManualTimers,
  takesPerLimiter: number,
  endpoint: RateLimitedEndpoint,
): Promise<number[]> {
  const total = limiters.length * takesPerLimiter;
  const perSecond: number[] = [];
  let admitted = 0;
  const second = () => Math.floor(timers.clock.now().toMillis() / 1000);
  const first = second();
  for (const limiter of limiters) {
    for (let i = 0; i < takesPerLimiter; i++) {
      void limiter.take(endpoint).then(() => {
        admitted += 1;
        const at = second() - first;
        perSecond[at] = (perSecond[at] ?? 0) + 1;
      });
    }
  }
  await timers.until(() => admitted + timers.pending === total);
  while (admitted < total) {
    timers.advance(1000);
    await timers.until(() => admitted + timers.pending === total);
  }
  return Array.from(perSecond, (n) => n ?? 0);
}

describe('LINE rate limiter', () => {
  let redis: TestRedis;
  let clock: ManualClock;
  let timers: ManualTimers;

  beforeEach(async () => {
    redis = await testRedis();
    clock = new ManualClock(START);
    timers = new ManualTimers(clock);
  });
  afterEach(() => redis.cleanup());

  it('in memory, admits N per second and lets the rest wait for the next second', async () => {
    const limiter = new MemoryLineRateLimiter({ push: 4, multicast: 1 }, clock, timers.sleep);
    expect(await admittedPerSecond([limiter], timers, 10, 'push')).toEqual([4, 4, 2]);
  });

  it('two instances on one Redis prefix together admit no more than N per second', async () => {
    const rates = { push: 5, multicast: 2 };
    const instances = [1, 2].map(
      () => new RedisLineRateLimiter(redis.redis, redis.keys, rates, clock, timers.sleep),
    );
    expect(await admittedPerSecond(instances, timers, 8, 'push')).toEqual([5, 5, 5, 1]);
  });

  it('counts pushes and multicasts separately: a staff push does not use up the chat pushes', async () => {
    const rates = { push: 3, multicast: 1 };
    const limiter = new RedisLineRateLimiter(redis.redis, redis.keys, rates, clock, timers.sleep);
    for (let i = 0; i < 5; i++) void limiter.take('multicast');
    await timers.until(() => timers.pending === 4);
    // The multicast window is full; pushes still go at once, within their own limit.
    await Promise.all([1, 2, 3].map(() => limiter.take('push')));
    expect(timers.pending).toBe(4);
    void limiter.take('push');
    await timers.until(() => timers.pending === 5);
  });

  it('gives rich menu links a budget of their own, 1,000 a second unless set', async () => {
    const limiter = new MemoryLineRateLimiter({ push: 1, multicast: 1 }, clock, timers.sleep);
    expect(await admittedPerSecond([limiter], timers, 1_500, 'richMenu')).toEqual([1000, 500]);
    const paced = new RedisLineRateLimiter(
      redis.redis,
      redis.keys,
      { push: 1, multicast: 1, richMenu: 2 },
      clock,
      timers.sleep,
    );
    expect(await admittedPerSecond([paced], timers, 5, 'richMenu')).toEqual([2, 2, 1]);
  });

  it('keeps two instances sending staff pushes under the multicast rate, counted at the LINE API', async () => {
    const line = await FakeLineApi.start();
    try {
      const client = new LineMessagingClient({
        channelAccessToken: line.accessToken,
        apiBaseUrl: line.baseUrl,
      });
      const rates = { push: 1000, multicast: 2 };
      const senders = [1, 2].map(
        () =>
          new LineStaffPushSender({
            client,
            limiter: new RedisLineRateLimiter(redis.redis, redis.keys, rates, clock, timers.sleep),
            reachability: new MemoryChatReachability(),
            logger: silent,
            sleep: timers.sleep,
          }),
      );
      // 2 × 2,500 users: 10 multicasts of 500, at most 2 a second between both instances.
      let finished = 0;
      const runs = senders.map((b, n) =>
        b
          .send(
            Array.from({ length: 2_500 }, (_, i) => userId(n * 10_000 + i)),
            'SECRET notice',
          )
          .finally(() => (finished += 1)),
      );
      const settled = () => finished + timers.pending === 2;
      const perSecond: number[] = [];
      await timers.until(settled);
      perSecond.push(line.callsTo('multicast').length);
      while (finished < 2) {
        timers.advance(1000);
        await timers.until(settled);
        perSecond.push(line.callsTo('multicast').length - perSecond.reduce((a, b) => a + b, 0));
      }
      expect(perSecond).toEqual([2, 2, 2, 2, 2]);
      const results = await Promise.all(runs);
      expect(results.map((r) => r.sent.length)).toEqual([2_500, 2_500]);
      expect(new Set(line.recipientsOf('multicast')).size).toBe(5_000);
    } finally {
      await line.close();
    }
  });

  it('paces the pushes of chat turns', async () => {
    const line = await FakeLineApi.start();
    try {
      const limiter = new MemoryLineRateLimiter({ push: 2, multicast: 1 }, clock, timers.sleep);
      const adapter = new LineAdapter({
        client: new LineMessagingClient({
          channelAccessToken: line.accessToken,
          apiBaseUrl: line.baseUrl,
        }),
        logger: silent,
        metrics: new Metrics({ defaultMetrics: false }),
        loadingDelayMs: 60_000,
        limiter,
      });
      // 20 messages: 5 by reply, 15 by three pushes of five; only two pushes fit in a second.
      let done = false;
      const turn = adapter
        .processEvent(new LineEvents(line).text(userId(1), 'go'), async (context) => {
          for (let i = 1; i <= 20; i++) await context.sendActivity(`SECRET ${i}`);
        })
        .finally(() => (done = true));
      await timers.until(() => timers.pending === 1);
      expect(line.callsTo('push')).toHaveLength(2);
      timers.advance(1000);
      await turn;
      expect(done).toBe(true);
      expect(line.callsTo('push')).toHaveLength(3);
      expect(line.messagesTo(userId(1))).toHaveLength(20);
    } finally {
      await line.close();
    }
  });
});
