import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../../src/storage/redisKeys';

/** The shared Redis of the machine (CI starts one when none answers). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export interface TestRedis {
  redis: Redis;
  keys: RedisKeys;
  prefix: string;
  /** Deletes this test's keys (never anything else) and closes the connection. */
  cleanup(): Promise<void>;
}

/** A connection with a random key prefix, so tests never see or delete each other's data. */
export async function testRedis(): Promise<TestRedis> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  return {
    redis,
    keys: new RedisKeys(prefix),
    prefix,
    cleanup: async () => {
      await deleteByPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (found.length > 0) await redis.del(...found);
  } while (cursor !== '0');
}
