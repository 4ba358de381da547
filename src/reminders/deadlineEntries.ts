import { DateTime } from 'luxon';
import type { Order } from '../orders/order';
import { expiryOf } from '../orders/orderTransitions';
import type { ScheduledReminder } from './reminderSchedule';
import { reminderTimes, type ReminderOffset } from './reminderTimes';

/** Which deadline an entry is about: the payment deadline or the print deadline. */
export type DeadlineKind = 'payment' | 'print';

export const DEADLINE_KINDS: readonly DeadlineKind[] = ['payment', 'print'];

/**
 * The offset id of an order's expiry entry (`${orderId}:payment:expire`): due when the order
 * expires (`expiryOf`: the deadline, or a short settlement window after an unpaid one). Offset ids of reminders are `2d`, `lastDay09`, … and never this word.
 */
export const EXPIRY_OFFSET = 'expire';

/** One scheduled entry, read back from its id `${orderId}:${kind}:${offsetId}`. */
export interface DeadlineEntry {
  orderId: string;
  kind: DeadlineKind;
  /** A reminder offset id, or {@link EXPIRY_OFFSET}. */
  offsetId: string;
}

/** What an order in its current status needs from the schedule. */
interface Needs {
  /** Reminders before this deadline. */
  reminders?: DeadlineKind;
  /** An expiry entry at this deadline. */
  expiry?: DeadlineKind;
}

/**
 * Unpaid orders are reminded of and expire at the payment deadline; printable ones are reminded
 * of the print deadline (with their reservation number); a paid order still waiting for its
 * number only needs to expire. Drafts and finished orders need nothing.
 */
function needsOf(order: Order): Needs {
  switch (order.status) {
    case 'awaiting_payment':
      return { reminders: 'payment', expiry: 'payment' };
    case 'paid':
      return { expiry: 'print' };
    case 'printable':
      return { reminders: 'print', expiry: 'print' };
    default:
      return {};
  }
}

/** The deadline a kind of entry is about. */
export function deadlineOf(order: Order, kind: DeadlineKind): string {
  return kind === 'payment' ? order.paymentDeadline : order.printDeadline;
}

/** The status an order must still have for a reminder of `kind` to make sense. */
export function remindedStatus(kind: DeadlineKind): Order['status'] {
  return kind === 'payment' ? 'awaiting_payment' : 'printable';
}

export function deadlineEntryId(orderId: string, kind: DeadlineKind, offsetId: string): string {
  return `${orderId}:${kind}:${offsetId}`;
}

/** Reads an entry id; undefined for anything this module did not write. */
export function parseDeadlineEntry(id: string): DeadlineEntry | undefined {
  const [orderId, kind, offsetId, ...rest] = id.split(':');
  if (!orderId || !offsetId || rest.length > 0) return undefined;
  if (kind !== 'payment' && kind !== 'print') return undefined;
  return { orderId, kind, offsetId };
}

/**
 * The entries `order` needs in its current status: reminders whose instant has not passed at
 * `now` (an order applied one day before its deadline gets no "2 days before"), and always the
 * expiry entry, even when its deadline has passed already (it is then claimed at once).
 */
export function entriesFor(
  order: Order,
  offsets: readonly ReminderOffset[],
  now: DateTime,
): ScheduledReminder[] {
  const { reminders, expiry } = needsOf(order);
  const entries: ScheduledReminder[] = [];
  if (reminders) {
    for (const time of reminderTimes(deadlineOf(order, reminders), offsets)) {
      if (DateTime.fromISO(time.at).toMillis() < now.toMillis()) continue;
      entries.push({ id: deadlineEntryId(order.orderId, reminders, time.offsetId), at: time.at });
    }
  }
  const expiresAt = expiryOf(order);
  if (expiry && expiresAt) {
    entries.push({ id: deadlineEntryId(order.orderId, expiry, EXPIRY_OFFSET), at: expiresAt });
  }
  return entries;
}

/**
 * The id prefixes (`${orderId}:${kind}:`) whose entries `previous` needed and `next` no longer
 * does: paying cancels the payment reminders and the payment expiry; a finished order cancels
 * everything. Nothing for a new order.
 */
export function obsoletePrefixes(next: Order, previous: Order | undefined): string[] {
  if (!previous) return [];
  const kindsOf = (order: Order) => {
    const { reminders, expiry } = needsOf(order);
    return new Set([reminders, expiry].filter((kind) => kind !== undefined));
  };
  const before = kindsOf(previous);
  const after = kindsOf(next);
  return DEADLINE_KINDS.filter((kind) => before.has(kind) && !after.has(kind)).map(
    (kind) => `${next.orderId}:${kind}:`,
  );
}
