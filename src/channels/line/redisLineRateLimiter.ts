import type Redis from 'ioredis';
import type { Clock } from '../../platform/clock';
import type { RedisKeys } from '../../storage/redisKeys';
import {
  FixedWindowRateLimiter,
  type LineRates,
  type RateLimitedEndpoint,
  type Sleep,
} from './lineRateLimiter';

/**
 * KEYS window counter · ARGV limit, ttl ms → 1 admitted, 0 window full. Counting and checking
 * in one script keeps every instance's requests in one count without a race.
 */
const ADMIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if count > tonumber(ARGV[1]) then return 0 end
return 1`;

/** A window's counter outlives it by far, so that instances whose clocks differ share it. */
const COUNTER_TTL_MS = 10_000;

/** The shared {@link LineRateLimiter}: one counter per endpoint and second, in Redis. */
export class RedisLineRateLimiter extends FixedWindowRateLimiter {
  constructor(
    private readonly redis: Pick<Redis, 'eval'>,
    private readonly keys: RedisKeys,
    rates: LineRates,
    clock: Clock,
    sleep?: Sleep,
  ) {
    super(rates, clock, sleep);
  }

  protected async admit(
    endpoint: RateLimitedEndpoint,
    window: number,
    limit: number,
  ): Promise<boolean> {
    const key = this.keys.lineRate(endpoint, window);
    return Number(await this.redis.eval(ADMIT, 1, key, limit, COUNTER_TTL_MS)) === 1;
  }
}
