import type { RedisClient } from '../storage/redisConnection';
import type { Clock } from '../platform/clock';
import type { RedisKeys } from '../storage/redisKeys';
import {
  DEFAULT_LOGIN_LIMITS,
  type LoginAttempt,
  type LoginAttemptLimiter,
  type LoginAttemptLimits,
} from './loginAttemptLimiter';

/**
 * KEYS id-at-address counter, address counter · ARGV now ms, id max, id window ms, address max,
 * address window ms → 1 counted, 0 limited. Each counter is a hash {count, resetAt}; the window is
 * judged by the caller's clock, the key's TTL only clears it away afterwards.
 */
const ACQUIRE = `
local now = tonumber(ARGV[1])
local counts, resets = {}, {}
for i = 1, 2 do
  local count = tonumber(redis.call('HGET', KEYS[i], 'count') or '0')
  local resetAt = tonumber(redis.call('HGET', KEYS[i], 'resetAt') or '0')
  if resetAt <= now then
    count = 0
    resetAt = now + tonumber(ARGV[2 * i + 1])
  end
  if count >= tonumber(ARGV[2 * i]) then return 0 end
  counts[i], resets[i] = count, resetAt
end
for i = 1, 2 do
  local resetAt = string.format('%.0f', resets[i])
  redis.call('HSET', KEYS[i], 'count', counts[i] + 1, 'resetAt', resetAt)
  redis.call('PEXPIRE', KEYS[i], string.format('%.0f', math.max(resets[i] - now, 1)))
end
return 1`;

/** KEYS id-at-address counter, address counter: clears the first, gives the second one back. */
const SUCCEEDED = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('HGET', KEYS[2], 'count') or '0') > 0 then
  redis.call('HINCRBY', KEYS[2], 'count', -1)
end
return 1`;

/** The shared {@link LoginAttemptLimiter}: counters in Redis, checked and counted by one script. */
export class RedisLoginAttemptLimiter implements LoginAttemptLimiter {
  constructor(
    private readonly redis: Pick<RedisClient, 'eval'>,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    private readonly limits: LoginAttemptLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  async acquire(attempt: LoginAttempt): Promise<boolean> {
    const { perStudentId, perAddress } = this.limits;
    const counted = await this.redis.eval(
      ACQUIRE,
      2,
      ...this.counters(attempt),
      this.clock.now().toMillis(),
      perStudentId.max,
      perStudentId.windowSeconds * 1000,
      perAddress.max,
      perAddress.windowSeconds * 1000,
    );
    return Number(counted) === 1;
  }

  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.redis.eval(SUCCEEDED, 2, ...this.counters(attempt));
  }

  private counters(attempt: LoginAttempt): [string, string] {
    return [
      this.keys.loginAttempts(attempt.address, attempt.studentId),
      this.keys.loginAttempts(attempt.address),
    ];
  }
}
