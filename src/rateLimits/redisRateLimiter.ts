import type { RedisClient } from '../storage/redisConnection';
import type { Clock } from '../platform/clock';
import type { RedisKeys } from '../storage/redisKeys';
import {
  ADMITTED,
  windowAt,
  type RateDecision,
  type RateLimiter,
  type RateRule,
} from './rateLimiter';

/**
 * KEYS window counter · ARGV max, ttl ms → 1 counted, 0 window full (not counted). Checking and
 * counting in one script keeps every instance's requests in one count without a race.
 */
const TAKE = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return 0 end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/**
 * A counter outlives its window by this much, so that instances whose clocks differ a little
 * still share it; the window's number is in the key, so a late counter is never reused.
 */
const TTL_MARGIN_MS = 10_000;

/**
 * The shared {@link RateLimiter}: one counter per rule, subject and window, in Redis. Which
 * window a request falls in is judged by the service's clock; Redis only expires the counter
 * afterwards, with a relative TTL, so Redis's clock is never compared with ours.
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Pick<RedisClient, 'eval'>,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
  ) {}

  async take(rule: RateRule, subject: string): Promise<RateDecision> {
    const now = this.clock.now().toMillis();
    const { index, endsAt } = windowAt(rule, now);
    const key = this.keys.rateWindow(rule.name, index, subject);
    const counted = await this.redis.eval(TAKE, 1, key, rule.max, rule.windowMs + TTL_MARGIN_MS);
    return Number(counted) === 1 ? ADMITTED : { allowed: false, retryAfterMs: endsAt - now };
  }
}
