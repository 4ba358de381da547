import { DateTime } from 'luxon';
import type { Language } from '../i18n/language';
import type { PaymentNotice } from './paymentGateway';
import type { DirectoryEntry } from '../students/student';
import type { Catalogue } from './catalogue';
import { isoJst, isPast, orderDeadlines } from './deadlines';
import { draftLines } from './draftLines';
import type { Order, OrderStatus, PaymentRecord, PrintNetwork, Reservation } from './order';
import { OrderTransitionError } from './errors';
import { OrderValidationError } from './errors';

/** What the student asks for; fees and deadlines come from the catalogue and the clock. */
export interface DraftRequest {
  orderId: string;
  studentId: string;
  /** The student's chat language (for notifications), not the certificates' language. */
  language: Language;
  lines: { certificateId: string; language: Language; copies: number }[];
  network: PrintNetwork;
}

/**
 * How long after the payment deadline a payment made before it may still arrive (a Smart Pit
 * callback in flight, a PayPal capture answered after midnight) while the document can still be
 * printed.
 */
export const PAYMENT_REPORT_GRACE = { minutes: 10 };

/** Orders in these states hold a deadline: they expire when nothing happens. */
export const OPEN_STATUSES: readonly OrderStatus[] = ['awaiting_payment', 'paid', 'printable'];

const RESERVATION_NUMBER: Record<PrintNetwork, RegExp> = {
  netprint: /^[A-Z0-9]{8}$/,
  networkprint: /^[A-Z0-9]{10}$/,
};

/**
 * A new order (version 1) after checking every line against the catalogue and the student.
 * Throws {@link OrderValidationError} with the first broken rule.
 */
export function newDraft(
  request: DraftRequest,
  catalogue: Catalogue,
  student: DirectoryEntry,
  now: DateTime,
): Order {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(request.orderId)) {
    throw new OrderValidationError('invalid_order_id');
  }
  if (request.studentId !== student.studentId) throw new OrderValidationError('wrong_student');
  if (!catalogue.networks.some((network) => network.id === request.network)) {
    throw new OrderValidationError('unknown_network');
  }
  const lines = draftLines(request.lines, catalogue, student);
  const appliedAt = isoJst(now);
  return {
    orderId: request.orderId,
    studentId: request.studentId,
    language: request.language,
    lines,
    network: request.network,
    totalFee: lines.reduce((sum, line) => sum + line.copies * line.unitFee, 0),
    status: 'draft',
    appliedAt,
    ...orderDeadlines(now, catalogue.deadlines),
    history: [{ at: appliedAt, status: 'draft', reason: 'created' }],
    version: 1,
  };
}

/** The student chose how to pay: the order records the provider's reference. */
export function awaitPayment(order: Order, payment: PaymentRecord, now: DateTime): Order {
  expectStatus(order, ['draft'], 'awaitPayment');
  if (isPast(order.paymentDeadline, now)) throw new OrderValidationError('deadline_passed');
  const { method, reference, url } = payment;
  return advance(order, 'awaiting_payment', 'payment_started', now, {
    payment: { method, reference, ...(url ? { url } : {}) },
  });
}

/**
 * Money arrived. The notice must be for this order's payment and for the exact total. It counts
 * when the money moved before the payment deadline ({@link paymentTime}: the earlier of the
 * provider's time and ours) and the report arrives while the order is still payable
 * ({@link expiryOf}): a payment made at 23:59:58 and reported at 00:00:03 counts when the
 * document can still be printed, and is refused (to be refunded) when it cannot.
 */
export function markPaid(
  order: Order,
  notice: PaymentNotice,
  now: DateTime,
  verificationCode: string,
): Order {
  expectStatus(order, ['awaiting_payment'], 'markPaid');
  const payment = order.payment;
  if (!payment || payment.reference !== notice.reference || payment.method !== notice.method) {
    throw new OrderValidationError('wrong_payment');
  }
  if (notice.amount !== order.totalFee) throw new OrderValidationError('wrong_amount');
  const paidAt = paymentTime(notice, now);
  if (isPast(order.paymentDeadline, paidAt) || isPast(expiryOf(order) ?? '', now)) {
    throw new OrderValidationError('deadline_passed');
  }
  return advance(order, 'paid', 'paid', now, {
    payment: {
      ...payment,
      paidAt: isoJst(paidAt),
      amount: notice.amount,
      transactionId: notice.transactionId,
    },
    verificationCode,
  });
}

/** The copier network registered the document: the student can print with this number. */
export function makePrintable(order: Order, reservation: Reservation, now: DateTime): Order {
  expectStatus(order, ['paid'], 'makePrintable');
  if (isPast(order.printDeadline, now)) throw new OrderValidationError('deadline_passed');
  if (reservation.network !== order.network) throw new OrderValidationError('wrong_network');
  if (!RESERVATION_NUMBER[order.network].test(reservation.number)) {
    throw new OrderValidationError('invalid_reservation');
  }
  return advance(order, 'printable', 'reservation_issued', now, { reservation });
}

/** A store copier printed the document. */
export function markPrinted(order: Order, now: DateTime): Order {
  expectStatus(order, ['printable'], 'markPrinted');
  if (isPast(order.printDeadline, now)) throw new OrderValidationError('deadline_passed');
  return advance(order, 'printed', 'printed', now);
}

/** The order's expiry ({@link expiryOf}) came with it unpaid or unprinted; refused a second before. */
export function expire(order: Order, now: DateTime): Order {
  expectStatus(order, OPEN_STATUSES, 'expire');
  const unpaid = order.status === 'awaiting_payment';
  if (!isPast(expiryOf(order) ?? '', now)) {
    throw new OrderValidationError('deadline_not_reached');
  }
  return advance(order, 'expired', unpaid ? 'expired_unpaid' : 'expired_unprinted', now);
}

/** The student gave up before paying. */
export function cancel(order: Order, now: DateTime): Order {
  expectStatus(order, ['draft', 'awaiting_payment'], 'cancel');
  return advance(order, 'cancelled', 'cancelled_by_student', now);
}

/**
 * The deadline that ends an open order: payment for unpaid orders, printing for paid ones;
 * undefined for drafts and finished orders (they have nothing left to expire).
 */
export function openDeadline(order: Order): string | undefined {
  if (order.status === 'awaiting_payment') return order.paymentDeadline;
  if (order.status === 'paid' || order.status === 'printable') return order.printDeadline;
  return undefined;
}

/**
 * When an open order expires: a paid one at its print deadline; an unpaid one when a payment
 * made before its payment deadline can no longer be reported ({@link PAYMENT_REPORT_GRACE} later,
 * but never after the print deadline, when the document could not be printed any more; with the
 * default catalogue both deadlines are one midnight, so that is the expiry). Undefined for drafts
 * and finished orders.
 */
export function expiryOf(order: Order): string | undefined {
  if (order.status !== 'awaiting_payment') return openDeadline(order);
  const reported = DateTime.fromISO(order.paymentDeadline).plus(PAYMENT_REPORT_GRACE);
  const print = DateTime.fromISO(order.printDeadline);
  return isoJst(reported < print ? reported : print);
}

/**
 * The time a payment was made: the earlier of the provider's stated time and our clock when the
 * notice arrived. The provider's time comes from a verified source (PayPal's capture, a signed
 * Smart Pit callback) and says when the money moved, so a report delayed past the deadline does
 * not make an in-time payment late; our clock caps it, so a provider clock running ahead does not
 * either. An unreadable provider time counts as ours.
 */
export function paymentTime(notice: PaymentNotice, now: DateTime): DateTime {
  const stated = DateTime.fromISO(notice.paidAt);
  return stated.isValid && stated < now ? stated.setZone(now.zone) : now;
}

function expectStatus(order: Order, allowed: readonly OrderStatus[], action: string): void {
  if (!allowed.includes(order.status)) {
    throw new OrderTransitionError(order.orderId, order.status, action);
  }
}

function advance(
  order: Order,
  status: OrderStatus,
  reason: string,
  now: DateTime,
  changes: Partial<Order> = {},
): Order {
  const at = isoJst(now);
  return {
    ...order,
    ...changes,
    status,
    history: [...order.history, { at, status, reason }],
    version: order.version + 1,
  };
}
