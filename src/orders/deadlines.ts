import { DateTime } from 'luxon';
import { ZONE } from '../platform/clock';
import type { Catalogue } from './catalogue';

/**
 * The midnight (Japan time) that starts the (days + 1)-th day after the day of `appliedAt`:
 * applied 2024-01-16 15:00 JST with 7 days → 2024-01-24T00:00:00+09:00, so the student has the
 * whole of the 23rd. The day is taken in Japan time whatever zone `appliedAt` carries.
 */
export function deadlineAfter(appliedAt: DateTime, days: number): DateTime {
  return appliedAt
    .setZone(ZONE)
    .startOf('day')
    .plus({ days: days + 1 });
}

/** The payment and print deadlines of an order applied at `appliedAt`, as ISO times in JST. */
export function orderDeadlines(
  appliedAt: DateTime,
  rules: Catalogue['deadlines'],
): { paymentDeadline: string; printDeadline: string } {
  return {
    paymentDeadline: isoJst(deadlineAfter(appliedAt, rules.paymentDays)),
    printDeadline: isoJst(deadlineAfter(appliedAt, rules.printDays)),
  };
}

/** True from the deadline instant on: at 00:00:00 of the deadline it is already too late. */
export function isPast(deadline: string | DateTime, now: DateTime): boolean {
  const at = typeof deadline === 'string' ? DateTime.fromISO(deadline) : deadline;
  return now.toMillis() >= at.toMillis();
}

/** The ISO form every stored order time uses: Japan time, milliseconds only when not zero. */
export function isoJst(time: DateTime): string {
  return time.setZone(ZONE).toISO({ suppressMilliseconds: true }) ?? '';
}
