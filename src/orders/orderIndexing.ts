import { DateTime } from 'luxon';
import { InvalidOrderUpdateError } from './errors';
import type { Order } from './order';
import { expiryOf } from './orderTransitions';

/** The deadline index score of an order: its expiry in epoch ms, or none once it is closed. */
export function deadlineScore(order: Order): number | undefined {
  const expiry = expiryOf(order);
  return expiry === undefined ? undefined : DateTime.fromISO(expiry).toMillis();
}

/** The per-student index score: the application time in epoch ms. */
export function appliedScore(order: Order): number {
  return DateTime.fromISO(order.appliedAt).toMillis();
}

/** Epoch ms of an ISO time given to `dueBy`; a malformed time is a caller bug. */
export function dueScore(isoTime: string): number {
  const time = DateTime.fromISO(isoTime);
  if (!time.isValid) throw new RangeError(`Orders: "${isoTime}" is not an ISO time.`);
  return time.toMillis();
}

/** Refuses an update whose `next` is not the direct successor of `expected`. */
export function checkSuccessor(expected: Order, next: Order): void {
  const fail = (reason: string) => new InvalidOrderUpdateError(expected.orderId, reason);
  if (next.orderId !== expected.orderId) throw fail('the order id changed');
  if (next.studentId !== expected.studentId) throw fail('the student changed');
  if (next.appliedAt !== expected.appliedAt) throw fail('the application time changed');
  if (next.version !== expected.version + 1) throw fail('the version is not one higher');
}
