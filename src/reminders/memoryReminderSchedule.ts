import {
  checkClaimLimit,
  reminderGroupOf,
  reminderMillis,
  type ReminderSchedule,
  type ScheduledReminder,
} from './reminderSchedule';

/** The embedded {@link ReminderSchedule}: one process, nothing survives a restart. */
export class MemoryReminderSchedule implements ReminderSchedule {
  private readonly due = new Map<string, number>();

  async schedule(items: readonly ScheduledReminder[]): Promise<void> {
    // Validate everything first, so a bad item leaves the schedule untouched, as on Redis.
    const entries = items.map(({ id, at }) => {
      reminderGroupOf(id, 'reminder id');
      return [id, reminderMillis(at)] as const;
    });
    for (const [id, ms] of entries) this.due.set(id, ms);
  }

  async cancel(prefix: string): Promise<void> {
    reminderGroupOf(prefix, 'prefix');
    for (const id of [...this.due.keys()]) if (id.startsWith(prefix)) this.due.delete(id);
  }

  async claimDue(nowIso: string, limit: number): Promise<string[]> {
    checkClaimLimit(limit);
    const now = reminderMillis(nowIso);
    const claimed = [...this.due]
      .filter(([, ms]) => ms <= now)
      .sort(([idA, a], [idB, b]) => a - b || (idA < idB ? -1 : idA > idB ? 1 : 0))
      .slice(0, limit)
      .map(([id]) => id);
    for (const id of claimed) this.due.delete(id);
    return claimed;
  }
}
