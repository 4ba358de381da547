import type Redis from 'ioredis';
import type { RedisKeys } from '../storage/redisKeys';
import {
  checkClaimLimit,
  reminderGroupOf,
  reminderMillis,
  type ReminderSchedule,
  type ScheduledReminder,
} from './reminderSchedule';

type ScheduleRedis = Pick<Redis, 'eval' | 'multi'>;

/**
 * KEYS due set · ARGV now ms, limit, index key prefix → the claimed ids, oldest first.
 * Range and removal in one script, so two instances never claim the same id: O(log n + k).
 * The per-order index keys are derived here from the id; they share the due set's hash tag,
 * so they live in its Cluster slot.
 */
const CLAIM_LUA = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local colon = string.find(id, ':', 1, true)
  redis.call('SREM', ARGV[3] .. string.sub(id, 1, colon - 1), id)
end
return ids
`;

/**
 * KEYS due set, the order's index · ARGV prefix → how many were removed. Only the order's own
 * ids are looked at, never the whole schedule.
 */
const CANCEL_LUA = `
local removed = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if string.sub(id, 1, #ARGV[1]) == ARGV[1] then
    redis.call('ZREM', KEYS[1], id)
    redis.call('SREM', KEYS[2], id)
    removed = removed + 1
  end
end
return removed
`;

/**
 * The Redis {@link ReminderSchedule}: one sorted set of ids scored by due time (epoch ms), plus a
 * set of pending ids per order for {@link cancel}. Safe with several instances.
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
      tx.sadd(this.keys.remindersOf(group), id);
    }
    await tx.exec();
  }

  async cancel(prefix: string): Promise<void> {
    const group = reminderGroupOf(prefix, 'prefix');
    await this.redis.eval(
      CANCEL_LUA,
      2,
      this.keys.reminders(),
      this.keys.remindersOf(group),
      prefix,
    );
  }

  async claimDue(nowIso: string, limit: number): Promise<string[]> {
    checkClaimLimit(limit);
    const now = reminderMillis(nowIso);
    const ids = await this.redis.eval(
      CLAIM_LUA,
      1,
      this.keys.reminders(),
      now,
      limit,
      this.keys.remindersOf(''),
    );
    return ids as string[];
  }
}
