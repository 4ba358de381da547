import type { RedisClient } from '../../storage/redisConnection';
import { isRandomToken, randomToken, tokenHash } from '../../auth/randomToken';
import type { Clock } from '../../platform/clock';
import type { RedisKeys } from '../../storage/redisKeys';
import type { StaffSession, StaffSessionLimits, StaffSessionStore } from './staffSessionStore';

/**
 * KEYS session · ARGV now ms, idle ms, absolute ms → nil when unknown or expired (then deleted),
 * else {staffId, createdAt}, with lastSeenAt moved to now. Expiry is judged by the caller's
 * clock; the key's TTL only clears an abandoned session away afterwards.
 */
const RESUME = `
local staffId = redis.call('HGET', KEYS[1], 'staffId')
if not staffId then return nil end
local now = tonumber(ARGV[1])
local createdAt = tonumber(redis.call('HGET', KEYS[1], 'createdAt'))
local lastSeenAt = tonumber(redis.call('HGET', KEYS[1], 'lastSeenAt'))
local idle, absolute = tonumber(ARGV[2]), tonumber(ARGV[3])
if now - lastSeenAt >= idle or now - createdAt >= absolute then
  redis.call('DEL', KEYS[1])
  return nil
end
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1])
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', math.max(math.min(idle, createdAt + absolute - now), 1)))
return {staffId, redis.call('HGET', KEYS[1], 'createdAt')}`;

/** The shared {@link StaffSessionStore}: one hash per session, by the SHA-256 of its id. */
export class RedisStaffSessionStore implements StaffSessionStore {
  constructor(
    private readonly redis: Pick<RedisClient, 'eval' | 'multi' | 'del'>,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    private readonly limits: StaffSessionLimits,
  ) {}

  async create(staffId: string): Promise<string> {
    const sessionId = randomToken();
    const key = this.keys.staffSession(tokenHash(sessionId));
    const now = this.clock.now().toMillis();
    await this.redis
      .multi()
      .hset(key, { staffId, createdAt: now, lastSeenAt: now })
      .pexpire(key, Math.min(this.limits.idleMs, this.limits.absoluteMs))
      .exec();
    return sessionId;
  }

  async resume(sessionId: string): Promise<StaffSession | undefined> {
    if (!isRandomToken(sessionId)) return undefined;
    const found = (await this.redis.eval(
      RESUME,
      1,
      this.keys.staffSession(tokenHash(sessionId)),
      this.clock.now().toMillis(),
      this.limits.idleMs,
      this.limits.absoluteMs,
    )) as [string, string] | null;
    return found ? { staffId: found[0], createdAt: Number(found[1]) } : undefined;
  }

  async destroy(sessionId: string): Promise<void> {
    if (isRandomToken(sessionId)) {
      await this.redis.del(this.keys.staffSession(tokenHash(sessionId)));
    }
  }
}
