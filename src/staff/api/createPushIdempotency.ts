import type Redis from 'ioredis';
import type { Clock } from '../../platform/clock';
import type { RedisKeys } from '../../storage/redisKeys';
import { MemoryPushIdempotency } from './memoryPushIdempotency';
import type { PushIdempotency } from './pushIdempotency';
import { RedisPushIdempotency } from './redisPushIdempotency';

/** On Redis when the service has it (several instances share the keys), else in memory. */
export function createPushIdempotency(
  redis: Redis | undefined,
  keys: RedisKeys,
  clock: Clock,
): PushIdempotency {
  return redis ? new RedisPushIdempotency(redis, keys, clock) : new MemoryPushIdempotency(clock);
}
