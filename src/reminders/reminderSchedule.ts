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
 *
 * A claim is a lease: the claimer {@link complete}s an id once it has handed it on; an id whose
 * lease ends first (its instance died) is claimed again, so every entry is handled at least once.
 */
export interface ReminderSchedule {
  /**
   * Adds reminders; an id already pending is kept once, at its new time. An id under a lease is
   * pending again (its lease is dropped).
   */
  schedule(items: readonly ScheduledReminder[]): Promise<void>;
  /**
   * Removes the pending and claimed reminders whose id starts with `prefix`, which names the
   * order and ends with ':' (`${orderId}:` or `${orderId}:payment:`).
   */
  cancel(prefix: string): Promise<void>;
  /**
   * Leases and returns up to `limit` ids: first those whose lease ended at or before `nowIso`,
   * then those due at or before it, oldest first (ties by id). Each is leased until `nowIso` +
   * `leaseMs`; while the lease lasts no other claim returns it, also across instances.
   */
  claimDue(nowIso: string, limit: number, leaseMs: number): Promise<string[]>;
  /** Ends the leases of `ids` for good: they are never claimed again (unless scheduled anew). */
  complete(ids: readonly string[]): Promise<void>;
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

/** A claim limit and a lease length must be positive integers. */
export function checkClaim(limit: number, leaseMs: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new ReminderInputError('claim limit', limit);
  if (!Number.isInteger(leaseMs) || leaseMs < 1) throw new ReminderInputError('lease', leaseMs);
}
