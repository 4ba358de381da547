import type { Order } from '../orders/order';
import type { OrderSchedule } from '../orders/orderService';
import type { Clock } from '../platform/clock';
import { entriesFor, obsoletePrefixes } from './deadlineEntries';
import type { ReminderSchedule } from './reminderSchedule';
import type { ReminderOffset } from './reminderTimes';

/**
 * Keeps the reminder schedule in step with the orders, without ever making it part of the
 * order's write (there is no transaction across the two):
 *
 * 1. {@link plan} runs BEFORE an order is written and schedules every entry the new state needs.
 *    Scheduling is idempotent (ZADD), so a write that then loses its compare-and-set, or a
 *    retry, leaves at most harmless extra entries.
 * 2. {@link settle} runs AFTER a successful write and cancels the entries only the old state
 *    needed. It is an optimisation: when it fails or the process dies first, the stale entries
 *    stay and are dropped when claimed.
 * 3. Whoever claims an entry re-reads the stored order and acts only if it still makes sense
 *    (status, deadline not passed, student wants reminders; see `DeadlineSweeper`).
 *
 * So a crash between the write and the schedule can never lose an expiry: the expiry entry of
 * a state exists before any order is stored in that state.
 */
export class DeadlinePlanner implements OrderSchedule {
  constructor(
    private readonly schedule: ReminderSchedule,
    private readonly offsets: readonly ReminderOffset[],
    private readonly clock: Clock,
  ) {}

  async plan(next: Order): Promise<void> {
    const entries = entriesFor(next, this.offsets, this.clock.now());
    if (entries.length > 0) await this.schedule.schedule(entries);
  }

  async settle(next: Order, previous?: Order): Promise<void> {
    for (const prefix of obsoletePrefixes(next, previous)) await this.schedule.cancel(prefix);
  }
}
