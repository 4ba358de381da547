import type { RedisClient } from '../storage/redisConnection';
import type { RedisKeys } from '../storage/redisKeys';
import {
  checkClaim,
  reminderGroupOf,
  reminderMillis,
  type ReminderSchedule,
  type ScheduledReminder,
} from './reminderSchedule';

type ScheduleRedis = Pick<RedisClient, 'eval' | 'multi'>;

/**
 * KEYS due set, claimed set · ARGV now ms, limit, lease end ms → the claimed ids: first those
 * whose lease ended (their instance died), then due ones, oldest first. Each is moved to (or
 * stays in) the claimed set, scored by its new lease end, in one script, so two instances never
 * hold the same id at once: O(log n + k). The ids stay in their per-order index (for `cancel`)
 * until completed.
 */
const CLAIM_LUA = `
local limit = tonumber(ARGV[2])
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, limit)
if #ids < limit then
  local fresh = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit - #ids)
  for _, id in ipairs(fresh) do
    redis.call('ZREM', KEYS[1], id)
    ids[#ids + 1] = id
  end
end
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[2], ARGV[3], id)
end
return ids
`;

/**
 * KEYS due set, claimed set, then the per-order index of each id · ARGV the ids (in the order of
 * their index keys). Ends their leases; an id scheduled again meanwhile stays in its index.
 */
const COMPLETE_LUA = `
for i, id in ipairs(ARGV) do
  redis.call('ZREM', KEYS[2], id)
  if not redis.call('ZSCORE', KEYS[1], id) then
    redis.call('SREM', KEYS[i + 2], id)
  end
end
return #ARGV
`;

/**
 * KEYS due set, the order's index, claimed set · ARGV prefix → how many were removed. Only the
 * order's own ids are looked at, never the whole schedule.
 */
const CANCEL_LUA = `
local removed = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if string.sub(id, 1, #ARGV[1]) == ARGV[1] then
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZREM', KEYS[3], id)
    redis.call('SREM', KEYS[2], id)
    removed = removed + 1
  end
end
return removed
`;

/**
 * The Redis {@link ReminderSchedule}: one sorted set of ids scored by due time (epoch ms), one of
 * claimed ids scored by the end of their lease, and a set of pending or claimed ids per order for
 * {@link cancel}. Every key carries the tag `{reminders}` (one Cluster slot), so each script's
 * keys are in one slot. Safe with several instances.
 */
export class RedisReminderSchedule implements ReminderSchedule {
  constructor(
    private readonly redis: ScheduleRedis,
    private readonly keys: RedisKeys,
  ) {}

  async schedule(items: readonly ScheduledReminder[]): Promise<void> {
    if (items.length === 0) return;
    const entries = items.map(({ id, at }) => ({
      id,
      ms: reminderMillis(at),
      group: reminderGroupOf(id, 'reminder id'),
    }));
    const tx = this.redis.multi();
    for (const { id, ms, group } of entries) {
      tx.zadd(this.keys.reminders(), ms, id);
      tx.zrem(this.keys.remindersClaimed(), id);
      tx.sadd(this.keys.remindersOf(group), id);
    }
    await tx.exec();
  }

  async cancel(prefix: string): Promise<void> {
    const group = reminderGroupOf(prefix, 'prefix');
    await this.redis.eval(
      CANCEL_LUA,
      3,
      this.keys.reminders(),
      this.keys.remindersOf(group),
      this.keys.remindersClaimed(),
      prefix,
    );
  }

  async claimDue(nowIso: string, limit: number, leaseMs: number): Promise<string[]> {
    checkClaim(limit, leaseMs);
    const now = reminderMillis(nowIso);
    const ids = await this.redis.eval(
      CLAIM_LUA,
      2,
      this.keys.reminders(),
      this.keys.remindersClaimed(),
      now,
      limit,
      now + leaseMs,
    );
    return ids as string[];
  }

  async complete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const indexes = ids.map((id) => this.keys.remindersOf(reminderGroupOf(id, 'reminder id')));
    await this.redis.eval(
      COMPLETE_LUA,
      2 + ids.length,
      this.keys.reminders(),
      this.keys.remindersClaimed(),
      ...indexes,
      ...ids,
    );
  }
}
