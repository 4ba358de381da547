import type { Language } from '../i18n/language';
import type { PaymentGateway, PaymentNotice, PaymentOutcome, PaymentStart } from './paymentGateway';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Student } from '../students/student';
import type { StudentRepository } from '../students/studentRepository';
import { UnknownStudentError } from '../students/errors';
import type { Catalogue } from './catalogue';
import { isoJst, isPast } from './deadlines';
import { newOrderId } from './newOrderId';
import type {
  Order,
  OrderLine,
  PaymentMethod,
  PaymentRecord,
  PrintNetwork,
  Reservation,
} from './order';
import { OrderConflictError } from './errors';
import type { OrderRepository } from './orderRepository';
import * as transitions from './orderTransitions';
import { OrderValidationError } from './errors';
import { paymentStartOf } from './paymentStartOf';
import { serviceAvailability } from './serviceAvailability';
import { ServiceClosedError } from './errors';
import { UnknownOrderError } from './errors';

export interface OrderServiceDeps {
  orders: OrderRepository;
  catalogue: Catalogue;
  clock: Clock;
  /** By the method the student picks; a gateway's own `method` is what its notices carry. */
  gateways: Partial<Record<PaymentMethod, PaymentGateway>>;
  /** The print step of a paid order: `CertificateIssuer` with the order's copier network. */
  issuer: CertificateIssuing;
  /** A fresh verification code for a certificate, e.g. `XXXX-XXXX-XXXX`. */
  verificationCode: () => string;
  students: StudentRepository;
  /**
   * After every stored change (not creation): chat notifications go out from here. Also called
   * again, with `previous` the same order, for an expired order whose expiry comes round again:
   * its notice must be one the chat delivers once.
   */
  onChange: (order: Order, previous: Order) => Promise<void>;
  /** Reminders and expiry at the deadlines; without it nothing is scheduled. */
  schedule?: OrderSchedule;
  logger: Logger;
  newOrderId?: () => string;
  /** Compare-and-set retries before {@link OrderConflictError}. */
  maxAttempts?: number;
}

export interface CreateOrderRequest {
  studentId: string;
  lines: Omit<OrderLine, 'unitFee'>[];
  network: PrintNetwork;
  /** The student's chat language: notifications about the order use it. */
  language: Language;
}

/**
 * The deadline schedule as the order service drives it: `plan` before every write (it throws →
 * nothing is written), `settle` after a successful one. See `DeadlinePlanner` for why this
 * order keeps every expiry even when the process dies between the two.
 */
export interface OrderSchedule {
  /** Schedules what `next` needs; called before `next` is stored. */
  plan(next: Order): Promise<void>;
  /** Cancels what only `previous` needed; called after `next` was stored. */
  settle(next: Order, previous?: Order): Promise<void>;
}

/**
 * Issues a paid order's certificate (`order.verificationCode` is set): renders the document,
 * registers it with the order's copier network and answers the reservation to store. Issuing
 * the same order again answers the first registration.
 */
export interface CertificateIssuing {
  issue(order: Order, student: Student): Promise<Reservation>;
}

/** What one compare-and-set round decided: a change to store, or an answer without one. */
type Decision<T> = { next?: Order; result: T };

/**
 * The order use cases: the dialogs create, pay and cancel; payment providers and store copiers
 * report through it (it satisfies the payment routes' `PaymentNotices` and the store's
 * `PrintedNotices`, which live beside their callers); the deadline scheduler calls
 * `expireIfDue`. Every change is a compare-and-set on the order's version, retried a few times,
 * so replays, double clicks and several instances never apply anything twice.
 */
export class OrderService {
  private readonly maxAttempts: number;
  private readonly newOrderId: () => string;

  constructor(private readonly deps: OrderServiceDeps) {
    this.maxAttempts = deps.maxAttempts ?? 5;
    this.newOrderId = deps.newOrderId ?? newOrderId;
  }

  get(orderId: string): Promise<Order | undefined> {
    return this.deps.orders.get(orderId);
  }

  /** Newest first. */
  listForStudent(studentId: string, limit?: number): Promise<Order[]> {
    return this.deps.orders.listByStudent(studentId, limit);
  }

  /**
   * A new draft. Throws {@link ServiceClosedError} in a closed period,
   * {@link OrderValidationError} when the catalogue refuses the lines.
   */
  async create(request: CreateOrderRequest): Promise<Order> {
    const { catalogue, clock, students, orders } = this.deps;
    const now = clock.now();
    const availability = serviceAvailability(catalogue, now);
    if (!availability.open)
      throw new ServiceClosedError(availability.reopensAt, availability.reason);
    const student = await students.get(request.studentId);
    if (!student) throw new UnknownStudentError('createOrder');
    const requested = Array.isArray(request.lines) ? request.lines : [];
    const lines = requested.map(({ certificateId, language, copies }) => ({
      certificateId,
      language,
      copies,
    }));
    const draft = transitions.newDraft(
      { ...request, lines, orderId: this.newOrderId() },
      catalogue,
      student,
      now,
    );
    await this.deps.schedule?.plan(draft);
    await orders.create(draft);
    await this.settle(draft);
    this.deps.logger.info({ orderId: draft.orderId, totalFee: draft.totalFee }, 'order created');
    return draft;
  }

  /**
   * Starts paying a draft with `method`. Asked again (a double click, a second device), it
   * answers with the payment already started: never a second payment for one order.
   */
  async startPayment(
    orderId: string,
    studentId: string,
    method: PaymentMethod,
  ): Promise<{ order: Order; start: PaymentStart }> {
    const order = await this.owned(orderId, studentId);
    if (order.status === 'awaiting_payment' && order.payment) {
      return { order, start: paymentStartOf(order.payment) };
    }
    const gateway = this.deps.gateways[method];
    if (!gateway || !this.deps.catalogue.paymentMethods.includes(method)) {
      throw new OrderValidationError('payment_method_not_offered');
    }
    // Refuse before asking the provider for anything (cancelled, expired, past the deadline).
    transitions.awaitPayment(order, { method: gateway.method, reference: '-' }, this.now());
    const start = await gateway.start(order);
    const record: PaymentRecord = {
      method: gateway.method,
      reference: start.reference,
      ...(start.kind === 'link' ? { url: start.url } : {}),
    };
    return this.change(orderId, (current) => {
      if (current.status === 'awaiting_payment' && current.payment) {
        return { result: { order: current, start: paymentStartOf(current.payment) } };
      }
      const next = transitions.awaitPayment(current, record, this.now());
      return { next, result: { order: next, start } };
    });
  }

  /** The student cancels an unpaid order. */
  async cancel(orderId: string, studentId: string): Promise<Order> {
    await this.owned(orderId, studentId);
    return this.change(orderId, (current) => {
      const next = transitions.cancel(current, this.now());
      return { next, result: next };
    });
  }

  async received(notice: PaymentNotice): Promise<PaymentOutcome> {
    const found = await this.deps.orders.findByPaymentReference(notice.reference);
    if (!found || found.payment?.method !== notice.method) {
      return this.outcome(notice, undefined, 'unknown_reference');
    }
    const outcome = await this.change(found.orderId, (current) =>
      this.applyPayment(current, notice),
    );
    const order = (await this.deps.orders.get(found.orderId)) ?? found;
    this.outcome(notice, order, outcome);
    if (outcome === 'duplicate' && order.payment?.transactionId !== notice.transactionId) {
      // Money arrived twice for one order: staff must refund one of the two.
      this.deps.logger.error({ orderId: order.orderId }, 'second payment for a paid order');
    }
    // A replayed notice also finishes an issuance that failed after the payment was stored.
    if ((outcome === 'applied' || outcome === 'duplicate') && order.status === 'paid') {
      await this.issue(order);
    }
    return outcome;
  }

  async printed(reservationNumber: string): Promise<'printed' | 'unknown' | 'expired' | 'already'> {
    const found = await this.deps.orders.findByReservationNumber(reservationNumber);
    if (!found) return 'unknown';
    return this.change(found.orderId, (current) => {
      const now = this.now();
      if (current.status === 'printed') return { result: 'already' };
      if (current.status === 'expired') return { result: 'expired' };
      if (current.status !== 'printable') return { result: 'unknown' };
      if (isPast(current.printDeadline, now)) {
        return { next: transitions.expire(current, now), result: 'expired' };
      }
      return { next: transitions.markPrinted(current, now), result: 'printed' };
    });
  }

  /**
   * Expires the order if it is still open and its deadline has come; false when there is
   * nothing to do (paid meanwhile, not due yet, already expired, unknown). An order found expired
   * already is told about again: the instance that expired it may have died before telling, and
   * where it did tell, the chat drops the repeat (the notice's delivery id, see `onChange`).
   */
  async expireIfDue(orderId: string): Promise<boolean> {
    let expiredBefore: Order | undefined;
    try {
      const expired = await this.change(orderId, (current) => {
        expiredBefore = current.status === 'expired' ? current : undefined;
        const expiry = transitions.expiryOf(current);
        if (expiry === undefined || !isPast(expiry, this.now())) return { result: false };
        return { next: transitions.expire(current, this.now()), result: true };
      });
      if (expiredBefore) await this.notify(expiredBefore, expiredBefore);
      return expired;
    } catch (err) {
      if (err instanceof UnknownOrderError) return false;
      throw err;
    }
  }

  /**
   * Expires up to `limit` orders whose deadline has come, found by the deadline index; returns
   * how many it expired. The deadline scheduler does this order by order; this catches orders
   * stored before it existed.
   */
  async expireDue(limit = 100): Promise<number> {
    const due = await this.deps.orders.dueBy(isoJst(this.now()), limit);
    let expired = 0;
    for (const orderId of due) {
      try {
        if (await this.expireIfDue(orderId)) expired += 1;
      } catch (err) {
        // One damaged order must not keep the others from expiring.
        this.deps.logger.error({ err, orderId }, 'order expiry failed');
      }
    }
    return expired;
  }

  /** Decides what a payment notice does to the order as it is now stored. */
  private applyPayment(order: Order, notice: PaymentNotice): Decision<PaymentOutcome> {
    const payment = order.payment;
    if (payment?.reference !== notice.reference || payment.method !== notice.method) {
      return { result: 'unknown_reference' };
    }
    if (payment.transactionId !== undefined) return { result: 'duplicate' };
    if (order.status === 'expired') return { result: 'too_late' };
    if (order.status !== 'awaiting_payment') return { result: 'not_payable' };
    try {
      const next = transitions.markPaid(order, notice, this.now(), this.deps.verificationCode());
      return { next, result: 'applied' };
    } catch (err) {
      if (!(err instanceof OrderValidationError)) throw err;
      return { result: err.code === 'wrong_amount' ? 'wrong_amount' : 'too_late' };
    }
  }

  /** Registers a paid order's document with its copier network and stores the number. */
  private async issue(paid: Order): Promise<void> {
    if (isPast(paid.printDeadline, this.now())) return;
    const student = await this.deps.students.get(paid.studentId);
    if (!student) throw new UnknownStudentError('issueReservation');
    const reservation = await this.deps.issuer.issue(paid, student);
    await this.change(paid.orderId, (current) => {
      if (current.status !== 'paid') return { result: undefined };
      return {
        next: transitions.makePrintable(current, reservation, this.now()),
        result: undefined,
      };
    });
  }

  /** Read → decide → compare-and-set, retried while another writer moves the order. */
  private async change<T>(orderId: string, decide: (order: Order) => Decision<T>): Promise<T> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const current = await this.deps.orders.get(orderId);
      if (!current) throw new UnknownOrderError(orderId);
      const { next, result } = decide(current);
      if (!next) return result;
      await this.deps.schedule?.plan(next);
      if (await this.deps.orders.update(current, next)) {
        this.deps.logger.info(
          { orderId, from: current.status, to: next.status, reason: next.history.at(-1)?.reason },
          'order changed',
        );
        // Told before the schedule is tidied: an instance dying in between leaves the expiry
        // entry claimed, and its next claim tells again (see expireIfDue).
        await this.notify(next, current);
        await this.settle(next, current);
        return result;
      }
    }
    throw new OrderConflictError(orderId, this.maxAttempts);
  }

  private async settle(next: Order, previous?: Order): Promise<void> {
    try {
      await this.deps.schedule?.settle(next, previous);
    } catch (err) {
      // Only an optimisation: entries left behind are dropped when they are claimed.
      this.deps.logger.warn({ err, orderId: next.orderId }, 'order schedule cleanup failed');
    }
  }

  private async notify(order: Order, previous: Order): Promise<void> {
    try {
      await this.deps.onChange(order, previous);
    } catch (err) {
      // The change is stored; a failed notification must not make a provider replay it.
      this.deps.logger.warn({ err, orderId: order.orderId }, 'order change notification failed');
    }
  }

  private async owned(orderId: string, studentId: string): Promise<Order> {
    const order = await this.deps.orders.get(orderId);
    if (!order || order.studentId !== studentId) throw new UnknownOrderError(orderId);
    return order;
  }

  private outcome(notice: PaymentNotice, order: Order | undefined, outcome: PaymentOutcome) {
    const level = outcome === 'applied' || outcome === 'duplicate' ? 'info' : 'warn';
    const fields = { orderId: order?.orderId, method: notice.method, outcome };
    this.deps.logger[level](fields, 'payment notice');
    return outcome;
  }

  private now() {
    return this.deps.clock.now();
  }
}
