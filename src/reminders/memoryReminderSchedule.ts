import {
  checkClaim,
  reminderGroupOf,
  reminderMillis,
  type ReminderSchedule,
  type ScheduledReminder,
} from './reminderSchedule';

/** Oldest first, ties by id: the order every claim hands ids out in. */
const byTimeThenId = ([idA, a]: [string, number], [idB, b]: [string, number]) =>
  a - b || (idA < idB ? -1 : idA > idB ? 1 : 0);

/** The embedded {@link ReminderSchedule}: one process, nothing survives a restart. */
export class MemoryReminderSchedule implements ReminderSchedule {
  private readonly due = new Map<string, number>();
  /** Claimed ids and the end of their lease (epoch ms). */
  private readonly claimed = new Map<string, number>();

  async schedule(items: readonly ScheduledReminder[]): Promise<void> {
    // Validate everything first, so a bad item leaves the schedule untouched, as on Redis.
    const entries = items.map(({ id, at }) => {
      reminderGroupOf(id, 'reminder id');
      return [id, reminderMillis(at)] as const;
    });
    for (const [id, ms] of entries) {
      this.due.set(id, ms);
      this.claimed.delete(id);
    }
  }

  async cancel(prefix: string): Promise<void> {
    reminderGroupOf(prefix, 'prefix');
    for (const map of [this.due, this.claimed]) {
      for (const id of [...map.keys()]) if (id.startsWith(prefix)) map.delete(id);
    }
  }

  async claimDue(nowIso: string, limit: number, leaseMs: number): Promise<string[]> {
    checkClaim(limit, leaseMs);
    const now = reminderMillis(nowIso);
    const upTo = (map: Map<string, number>, count: number) =>
      [...map]
        .filter(([, ms]) => ms <= now)
        .sort(byTimeThenId)
        .slice(0, count)
        .map(([id]) => id);
    const lapsed = upTo(this.claimed, limit);
    const fresh = upTo(this.due, limit - lapsed.length);
    for (const id of fresh) this.due.delete(id);
    const ids = [...lapsed, ...fresh];
    for (const id of ids) this.claimed.set(id, now + leaseMs);
    return ids;
  }

  async complete(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.claimed.delete(id);
  }
}
