import type { DeliveryMarks } from '../../src/turns/deliveryMarks';
import { MemoryDeliveryMarks } from '../../src/turns/memoryDeliveryMarks';
import { RedisDeliveryMarks } from '../../src/turns/redisDeliveryMarks';
import { testRedis } from '../support/redis';
import { redisTargets } from '../support/redisTargets';

const REDIS = redisTargets();

interface MarksUnderTest {
  marks: DeliveryMarks;
  /** Ends the life of `mark` now, as its TTL passing would. */
  lapse(mark: string): Promise<void>;
  cleanup(): Promise<void>;
}

const factories: [string, () => Promise<MarksUnderTest>][] = [
  [
    'MemoryDeliveryMarks',
    async () => {
      let now = Date.parse('2026-11-30T00:00:00+09:00');
      const marks = new MemoryDeliveryMarks(60_000, () => now);
      return { marks, lapse: async () => void (now += 60_000), cleanup: async () => undefined };
    },
  ],
  ...REDIS.map(({ name, connect }): [string, () => Promise<MarksUnderTest>] => [
    `RedisDeliveryMarks on ${name}`,
    async () => {
      const redis = await connect();
      return {
        marks: new RedisDeliveryMarks(redis.redis, redis.keys, 60),
        // An expiry time in the past: Redis drops the key at once.
        lapse: async (mark) =>
          void (await redis.redis.pexpireat(redis.keys.deliveredMark(mark), 1)),
        cleanup: redis.cleanup,
      };
    },
  ]),
];

describe.each(factories)('%s (DeliveryMarks contract)', (_name, create) => {
  let subject: MarksUnderTest;
  beforeEach(async () => {
    subject = await create();
  });
  afterEach(() => subject.cleanup());

  it('knows a mark once set, and only that mark', async () => {
    const { marks } = subject;
    expect(await marks.has('a')).toBe(false);
    await marks.set('a');
    await marks.set('a');
    expect(await marks.has('a')).toBe(true);
    expect(await marks.has('b')).toBe(false);
  });

  it('forgets a mark when its time is over', async () => {
    await subject.marks.set('a');
    await subject.marks.set('b');
    await subject.lapse('a');
    expect(await subject.marks.has('a')).toBe(false);
    await subject.marks.set('a');
    expect(await subject.marks.has('a')).toBe(true);
  });
});

describe('RedisDeliveryMarks keys', () => {
  it('sets one key per mark, under the prefix, with the TTL it was given', async () => {
    const redis = await testRedis();
    try {
      await new RedisDeliveryMarks(redis.redis, redis.keys, 120).set('m1');
      const ttl = await redis.redis.ttl(redis.keys.deliveredMark('m1'));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(120);
    } finally {
      await redis.cleanup();
    }
  });
});
