import type { RedisClient } from '../../storage/redisConnection';
import type { Clock } from '../../platform/clock';
import { RedisRateLimiter } from '../../rateLimits/redisRateLimiter';
import type { RedisKeys } from '../../storage/redisKeys';
import { FixedWindowRateLimiter, type LineRates, type Sleep } from './lineRateLimiter';

/** The shared {@link LineRateLimiter}: one counter per endpoint and second, in Redis. */
export class RedisLineRateLimiter extends FixedWindowRateLimiter {
  constructor(
    redis: Pick<RedisClient, 'eval'>,
    keys: RedisKeys,
    rates: LineRates,
    clock: Clock,
    sleep?: Sleep,
  ) {
    super(new RedisRateLimiter(redis, keys, clock), rates, sleep);
  }
}
