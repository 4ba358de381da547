import { DateTime } from 'luxon';
import { ReminderInputError } from './errors';

/** One reminder to fire: `id` is `${orderId}:${kind}:${offsetId}`, `at` an ISO instant. */
export interface ScheduledReminder {
  id: string;
  at: string;
}

/**
 * Pending reminders, shared by every instance of the service. The schedule only knows ids and
 * times; what a reminder says is decided when it is claimed.
 */
export interface ReminderSchedule {
  /** Adds reminders; an id already pending is kept once, at its new time. */
  schedule(items: readonly ScheduledReminder[]): Promise<void>;
  /**
   * Removes the pending reminders whose id starts with `prefix`, which names the order and ends
   * with ':' (`${orderId}:` or `${orderId}:payment:`).
   */
  cancel(prefix: string): Promise<void>;
  /**
   * Removes and returns up to `limit` ids due at or before `nowIso`, oldest first (ties by id).
   * Each id is returned to exactly one caller, also across instances.
   */
  claimDue(nowIso: string, limit: number): Promise<string[]>;
}

/** The order part of an id or prefix: everything before the first ':'. */
export function reminderGroupOf(idOrPrefix: string, what: 'reminder id' | 'prefix'): string {
  const colon = idOrPrefix.indexOf(':');
  if (colon < 1) throw new ReminderInputError(what, idOrPrefix);
  return idOrPrefix.slice(0, colon);
}

/** Epoch milliseconds of an ISO instant; refuses what luxon cannot read. */
export function reminderMillis(iso: string): number {
  const time = DateTime.fromISO(iso);
  if (!time.isValid) throw new ReminderInputError('time', iso);
  return time.toMillis();
}

/** A claim limit must be a positive integer. */
export function checkClaimLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new ReminderInputError('claim limit', limit);
}
