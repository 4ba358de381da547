import { DateTime } from 'luxon';
import type { Language } from '../i18n/language';
import type { PaymentNotice } from '../payments/paymentGateway';
import type { DirectoryEntry } from '../students/student';
import type { Catalogue } from './catalogue';
import { isoJst, isPast, orderDeadlines } from './deadlines';
import { draftLines } from './draftLines';
import type { Order, OrderStatus, PaymentRecord, PrintNetwork, Reservation } from './order';
import { OrderTransitionError } from './orderTransitionError';
import { OrderValidationError } from './orderValidationError';

/** What the student asks for; fees and deadlines come from the catalogue and the clock. */
export interface DraftRequest {
  orderId: string;
  studentId: string;
  /** The student's chat language (for notifications), not the certificates' language. */
  language: Language;
  lines: { certificateId: string; language: Language; copies: number }[];
  network: PrintNetwork;
}

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
 * Money arrived. The notice must be for this order's payment, for the exact total, and in time
 * (both its own time and ours: a notice that comes in after midnight is late).
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
  if (isPast(order.paymentDeadline, now) || isPast(order.paymentDeadline, paidAt(notice, now))) {
    throw new OrderValidationError('deadline_passed');
  }
  return advance(order, 'paid', 'paid', now, {
    payment: {
      ...payment,
      paidAt: isoJst(paidAt(notice, now)),
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

/** The deadline passed with the order unpaid or unprinted; refused a second before it. */
export function expire(order: Order, now: DateTime): Order {
  expectStatus(order, OPEN_STATUSES, 'expire');
  const unpaid = order.status === 'awaiting_payment';
  if (!isPast(openDeadline(order) ?? '', now)) {
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

function expectStatus(order: Order, allowed: readonly OrderStatus[], action: string): void {
  if (!allowed.includes(order.status)) {
    throw new OrderTransitionError(order.orderId, order.status, action);
  }
}

function paidAt(notice: PaymentNotice, now: DateTime): DateTime {
  const stated = DateTime.fromISO(notice.paidAt);
  return stated.isValid ? stated : now;
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
