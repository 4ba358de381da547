import { ManualClock } from '../../src/platform/clock';
import { MemoryRateLimiter } from '../../src/rateLimits/memoryRateLimiter';
import type { RateLimiter, RateRule } from '../../src/rateLimits/rateLimiter';
import { RedisRateLimiter } from '../../src/rateLimits/redisRateLimiter';
import type { RedisClient } from '../../src/storage/redisConnection';
import { redisTargets } from '../support/redisTargets';
import { type TestRedis } from '../support/redis';

/** 10:00:00.000 JST, the start of a ten-minute window (windows are aligned to the epoch). */
const START = '2024-01-16T10:00:00.000+09:00';
const RULE: RateRule = { name: 'store-number', max: 3, windowMs: 10 * 60_000 };
const OTHER_RULE: RateRule = { name: 'verify', max: 3, windowMs: 10 * 60_000 };

interface Limiters {
  /** A limiter as one instance of the service has it (on Redis, each on its own connection). */
  make(): RateLimiter;
  redis?: TestRedis;
  cleanup(): Promise<void>;
}

const REDIS = redisTargets();

const variants: [string, (clock: ManualClock) => Promise<Limiters>][] = [
  [
    'memory',
    async (clock) => {
      // One process has one limiter; the "second instance" is the same one.
      const limiter = new MemoryRateLimiter(clock);
      return { make: () => limiter, cleanup: async () => undefined };
    },
  ],
  ...REDIS.map(({ name, connect }): [string, (clock: ManualClock) => Promise<Limiters>] => [
    name,
    async (clock) => {
      const redis = await connect();
      const connections: RedisClient[] = [];
      return {
        make: () => {
          const connection = redis.connect();
          connections.push(connection);
          return new RedisRateLimiter(connection, redis.keys, clock);
        },
        redis,
        cleanup: async () => {
          for (const connection of connections) connection.disconnect();
          await redis.cleanup();
        },
      };
    },
  ]),
];

describe.each(variants)('rate limiter contract: %s', (name, create) => {
  let clock: ManualClock;
  let limiters: Limiters;
  let limiter: RateLimiter;

  beforeEach(async () => {
    clock = new ManualClock(START);
    limiters = await create(clock);
    limiter = limiters.make();
  });
  afterEach(() => limiters.cleanup());

  test('admits max requests in a window, then refuses until the window closes', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await limiter.take(RULE, '203.0.113.7')).toEqual({ allowed: true, retryAfterMs: 0 });
    }
    clock.advance({ minutes: 4 });
    expect(await limiter.take(RULE, '203.0.113.7')).toEqual({
      allowed: false,
      retryAfterMs: 6 * 60_000,
    });
    clock.advance({ minutes: 5, seconds: 59, milliseconds: 999 });
    expect(await limiter.take(RULE, '203.0.113.7')).toEqual({ allowed: false, retryAfterMs: 1 });
    clock.advance({ milliseconds: 1 });
    expect((await limiter.take(RULE, '203.0.113.7')).allowed).toBe(true);
  });

  test('counts each subject and each rule apart', async () => {
    for (let i = 0; i < 3; i++) await limiter.take(RULE, '203.0.113.7');
    expect((await limiter.take(RULE, '203.0.113.7')).allowed).toBe(false);
    expect((await limiter.take(RULE, '198.51.100.9')).allowed).toBe(true);
    expect((await limiter.take(RULE, '2001:db8::7')).allowed).toBe(true);
    expect((await limiter.take(OTHER_RULE, '203.0.113.7')).allowed).toBe(true);
  });

  test('does not count refused requests: hammering does not extend the wait', async () => {
    for (let i = 0; i < 3; i++) await limiter.take(RULE, '203.0.113.7');
    for (let i = 0; i < 20; i++) await limiter.take(RULE, '203.0.113.7');
    clock.advance({ minutes: 10 });
    for (let i = 0; i < 3; i++)
      expect((await limiter.take(RULE, '203.0.113.7')).allowed).toBe(true);
    expect((await limiter.take(RULE, '203.0.113.7')).allowed).toBe(false);
  });

  test('parallel requests never pass the limit, from one instance or two', async () => {
    const second = limiters.make();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? limiter : second).take(RULE, '203.0.113.7')),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
  });

  test('windows of one second (the LINE pace) roll over on the clock', async () => {
    const perSecond: RateRule = { name: 'line-push', max: 2, windowMs: 1000 };
    clock.set('2024-01-16T10:00:00.250+09:00');
    expect((await limiter.take(perSecond, 'channel')).allowed).toBe(true);
    expect((await limiter.take(perSecond, 'channel')).allowed).toBe(true);
    expect(await limiter.take(perSecond, 'channel')).toEqual({ allowed: false, retryAfterMs: 750 });
    clock.advance({ milliseconds: 750 });
    expect((await limiter.take(perSecond, 'channel')).allowed).toBe(true);
  });

  if (name === 'memory') {
    test('stays bounded under a flood from very many subjects', async () => {
      const small = new MemoryRateLimiter(clock, 100);
      for (let i = 0; i < 3; i++) await small.take(RULE, 'victim');
      for (let i = 0; i < 1000; i++) await small.take(RULE, `2001:db8::${i.toString(16)}`);
      const counters = (small as unknown as { counters: Map<string, unknown> }).counters;
      expect(counters.size).toBeLessThanOrEqual(100);
    });
  }

  if (name === 'redis') {
    test('keeps one counter per rule, window and subject under the prefix, expiring by itself', async () => {
      const { redis, keys, prefix } = limiters.redis!;
      await limiter.take(RULE, '2001:db8::7');
      const window = Math.floor(clock.now().toMillis() / RULE.windowMs);
      const key = keys.rateWindow(RULE.name, window, '2001:db8::7');
      expect(key.startsWith(prefix)).toBe(true);
      expect(await redis.get(key)).toBe('1');
      // A relative TTL: the window's length and a margin, whatever Redis's own clock says.
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(10 * 60_000);
      expect(ttl).toBeLessThanOrEqual(10 * 60_000 + 10_000);
      expect(await redis.keys(`${prefix}*`)).toEqual([key]);
    });
  }
});
