import { DateTime } from 'luxon';
import { loadCatalogue } from '../../src/orders/loadCatalogue';
import type { Order, OrderStatus, Reservation } from '../../src/orders/order';
import {
  awaitPayment,
  cancel,
  expire,
  expiryOf,
  makePrintable,
  markPaid,
  markPrinted,
  newDraft,
  type DraftRequest,
} from '../../src/orders/orderTransitions';
import { OrderTransitionError, OrderValidationError } from '../../src/orders/errors';
import type { PaymentNotice } from '../../src/orders/paymentGateway';
import type { DirectoryEntry } from '../../src/students/student';
import { TARO } from '../support/demoStudents';

const catalogue = loadCatalogue('data/catalogue.json');
const at = (iso: string) => DateTime.fromISO(iso);
const APPLIED = at('2024-01-16T15:00:00+09:00');
const BEFORE_DEADLINE = at('2024-01-23T23:59:59+09:00');
const DEADLINE = at('2024-01-24T00:00:00+09:00');
const REQUEST: DraftRequest = {
  orderId: 'O1',
  studentId: 'a0123456',
  language: 'en',
  lines: [
    { certificateId: 'enrollment', language: 'ja', copies: 2 },
    { certificateId: 'transcript', language: 'en', copies: 1 },
  ],
  network: 'netprint',
};
const PAYMENT = { method: 'smartpit', reference: '1234567890123' } as const;
const NOTICE: PaymentNotice = {
  method: 'smartpit',
  reference: '1234567890123',
  amount: 1200,
  transactionId: 'T1',
  paidAt: '2024-01-17T10:00:00+09:00',
};
const RESERVATION: Reservation = {
  network: 'netprint',
  number: 'L3QP5ZYC',
  issuedAt: '2024-01-17T10:00:05+09:00',
  verificationCode: 'ABCD-EFGH-JKLM',
};

const draft = () => newDraft(REQUEST, catalogue, TARO, APPLIED);
const awaiting = () => awaitPayment(draft(), PAYMENT, APPLIED);
const paid = () => markPaid(awaiting(), NOTICE, at(NOTICE.paidAt), 'ABCD-EFGH-JKLM');
const printable = () => makePrintable(paid(), RESERVATION, at(RESERVATION.issuedAt));
const printed = () => markPrinted(printable(), at('2024-01-18T12:00:00+09:00'));
const expired = () => expire(awaiting(), DEADLINE);
const cancelled = () => cancel(draft(), APPLIED);
const IN: Record<OrderStatus, () => Order> = {
  draft,
  awaiting_payment: awaiting,
  paid,
  printable,
  printed,
  expired,
  cancelled,
};

/** Every transition, run at a time when only the status can refuse it. */
const ACTIONS: Record<string, [(order: Order) => Order, OrderStatus[]]> = {
  awaitPayment: [(o) => awaitPayment(o, PAYMENT, APPLIED), ['draft']],
  markPaid: [(o) => markPaid(o, NOTICE, at(NOTICE.paidAt), 'X'), ['awaiting_payment']],
  makePrintable: [(o) => makePrintable(o, RESERVATION, at(RESERVATION.issuedAt)), ['paid']],
  markPrinted: [(o) => markPrinted(o, BEFORE_DEADLINE), ['printable']],
  expire: [(o) => expire(o, DEADLINE), ['awaiting_payment', 'paid', 'printable']],
  cancel: [(o) => cancel(o, APPLIED), ['draft', 'awaiting_payment']],
};

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('newDraft', () => {
  it('prices the lines, sets both deadlines and starts the history', () => {
    const order = draft();
    expect(order).toMatchObject({
      orderId: 'O1',
      studentId: 'a0123456',
      language: 'en',
      network: 'netprint',
      status: 'draft',
      totalFee: 1200,
      appliedAt: '2024-01-16T15:00:00+09:00',
      paymentDeadline: '2024-01-24T00:00:00+09:00',
      printDeadline: '2024-01-24T00:00:00+09:00',
      version: 1,
      history: [{ at: '2024-01-16T15:00:00+09:00', status: 'draft', reason: 'created' }],
    });
    expect(order.lines.map((l) => l.unitFee)).toEqual([400, 400]);
  });

  const line = (change: object) => ({ ...REQUEST, lines: [{ ...REQUEST.lines[0], ...change }] });
  const sixLines = ['enrollment', 'transcript', 'expectedGraduation', 'health', 'enrollment', 'x'];
  it.each<[string, DraftRequest, DirectoryEntry, string]>([
    ['no lines', { ...REQUEST, lines: [] }, TARO, 'no_lines'],
    [
      'more lines than allowed',
      {
        ...REQUEST,
        lines: sixLines.map((id, i) => ({ certificateId: id, language: 'ja', copies: i + 1 })),
      },
      TARO,
      'too_many_lines',
    ],
    ['an unknown certificate', line({ certificateId: 'diploma' }), TARO, 'unknown_certificate'],
    [
      'a certificate the student may not order',
      line({ certificateId: 'expectedCompletion' }),
      TARO,
      'not_eligible',
    ],
    [
      'expected graduation before the final year',
      line({ certificateId: 'expectedGraduation' }),
      { ...TARO, year: 3, finalYear: false },
      'not_eligible',
    ],
    [
      'a language the certificate is not offered in',
      line({ certificateId: 'health', language: 'en' }),
      TARO,
      'language_not_offered',
    ],
    ['an unknown language', line({ language: 'fr' }), TARO, 'language_not_offered'],
    ['zero copies', line({ copies: 0 }), TARO, 'invalid_copies'],
    ['more copies than allowed', line({ copies: 11 }), TARO, 'invalid_copies'],
    ['half a copy', line({ copies: 1.5 }), TARO, 'invalid_copies'],
    [
      'the same certificate and language twice',
      { ...REQUEST, lines: [REQUEST.lines[0], { ...REQUEST.lines[0], copies: 1 }] },
      TARO,
      'duplicate_line',
    ],
    ['an unknown network', { ...REQUEST, network: 'overseas' as never }, TARO, 'unknown_network'],
    ['another student', { ...REQUEST, studentId: 'b0654321' }, TARO, 'wrong_student'],
    ['an unusable order id', { ...REQUEST, orderId: 'a b' }, TARO, 'invalid_order_id'],
  ])('refuses %s', (_what, request, student, code) => {
    const err = refusal(() => newDraft(request, catalogue, student, APPLIED));
    expect(err).toBeInstanceOf(OrderValidationError);
    expect((err as OrderValidationError).code).toBe(code);
  });

  it('accepts exactly the maximum of lines and copies', () => {
    const lines: DraftRequest['lines'] = [
      { certificateId: 'enrollment', language: 'ja', copies: 10 },
      { certificateId: 'transcript', language: 'en', copies: 10 },
      { certificateId: 'expectedGraduation', language: 'ja', copies: 10 },
      { certificateId: 'health', language: 'ja', copies: 10 },
      { certificateId: 'transcript', language: 'ja', copies: 1 },
    ];
    const order = newDraft({ ...REQUEST, lines }, catalogue, TARO, APPLIED);
    expect(order.lines).toHaveLength(5);
    expect(order.totalFee).toBe((10 * 4 + 1) * 400);
  });
});

describe('the happy path', () => {
  it('goes draft → awaiting_payment → paid → printable → printed, one version each', () => {
    const order = printed();
    expect(order.status).toBe('printed');
    expect(order.version).toBe(5);
    expect(order.history.map((e) => [e.status, e.reason])).toEqual([
      ['draft', 'created'],
      ['awaiting_payment', 'payment_started'],
      ['paid', 'paid'],
      ['printable', 'reservation_issued'],
      ['printed', 'printed'],
    ]);
    expect(order.payment).toEqual({
      ...PAYMENT,
      paidAt: '2024-01-17T10:00:00+09:00',
      amount: 1200,
      transactionId: 'T1',
    });
    expect(order.verificationCode).toBe('ABCD-EFGH-JKLM');
    expect(order.reservation).toEqual(RESERVATION);
  });

  it('never changes the order it was given', () => {
    const before = awaiting();
    const copy = JSON.parse(JSON.stringify(before));
    markPaid(before, NOTICE, at(NOTICE.paidAt), 'X');
    expect(before).toEqual(copy);
  });
});

describe('every status × every action', () => {
  const cases = Object.entries(ACTIONS).flatMap(([action, [run, allowed]]) =>
    (Object.keys(IN) as OrderStatus[]).map((status) => ({
      action,
      run,
      status,
      allowed: allowed.includes(status),
    })),
  );

  it.each(cases)('$action from $status: allowed = $allowed', ({ action, run, status, allowed }) => {
    const order = IN[status]();
    if (allowed) {
      const next = run(order);
      expect(next.version).toBe(order.version + 1);
      expect(next.history).toHaveLength(order.history.length + 1);
      expect(next.history.at(-1)?.status).toBe(next.status);
    } else {
      const err = refusal(() => run(order));
      expect(err).toBeInstanceOf(OrderTransitionError);
      expect(err).toMatchObject({ orderId: 'O1', from: status, action });
    }
  });
});

describe('payment checks', () => {
  const code = (run: () => unknown) => (refusal(run) as OrderValidationError).code;

  it('refuses a wrong amount, another reference and another method', () => {
    const order = awaiting();
    const when = at(NOTICE.paidAt);
    expect(code(() => markPaid(order, { ...NOTICE, amount: 1199 }, when, 'X'))).toBe(
      'wrong_amount',
    );
    expect(code(() => markPaid(order, { ...NOTICE, reference: '9' }, when, 'X'))).toBe(
      'wrong_payment',
    );
    expect(code(() => markPaid(order, { ...NOTICE, method: 'paypal' }, when, 'X'))).toBe(
      'wrong_payment',
    );
  });

  it('takes a payment in the last second and refuses one reported at midnight', () => {
    const last = { ...NOTICE, paidAt: '2024-01-23T23:59:59+09:00' };
    expect(markPaid(awaiting(), last, BEFORE_DEADLINE, 'X').status).toBe('paid');
    // Paid in time but reported at midnight: both deadlines are that midnight, so nothing could
    // be printed any more; refused, so that the money is refunded.
    const inTime = { ...NOTICE, paidAt: '2024-01-23T23:59:58+09:00' };
    expect(code(() => markPaid(awaiting(), inTime, DEADLINE, 'X'))).toBe('deadline_passed');
  });

  it('records the earlier of the provider’s time and ours as the payment time', () => {
    const paidAt = (stated: string, now: DateTime) =>
      markPaid(awaiting(), { ...NOTICE, paidAt: stated }, now, 'X').payment?.paidAt;
    // The provider's clock runs ahead: its midnight is our 23:59:59, and the payment is in time.
    expect(paidAt('2024-01-24T00:00:00+09:00', BEFORE_DEADLINE)).toBe('2024-01-23T23:59:59+09:00');
    expect(paidAt('2030-01-01T00:00:00Z', at('2024-01-17T10:00:00+09:00'))).toBe(
      '2024-01-17T10:00:00+09:00',
    );
    // The provider says when the money moved, in Japan time whatever zone it wrote.
    expect(paidAt('2024-01-17T01:00:00Z', at('2024-01-17T10:00:05+09:00'))).toBe(
      '2024-01-17T10:00:00+09:00',
    );
    expect(paidAt('yesterday', at('2024-01-17T10:00:05+09:00'))).toBe('2024-01-17T10:00:05+09:00');
  });

  describe('with a print deadline after the payment deadline', () => {
    const split = { ...catalogue, deadlines: { paymentDays: 2, printDays: 7 } };
    // Payable until the midnight that starts 2024-01-19; printable until 2024-01-24.
    const unpaid = () => awaitPayment(newDraft(REQUEST, split, TARO, APPLIED), PAYMENT, APPLIED);
    const inTime = { ...NOTICE, paidAt: '2024-01-18T23:59:58+09:00' };

    it('takes a payment made before the deadline and reported within the grace after it', () => {
      const paid = markPaid(unpaid(), inTime, at('2024-01-19T00:00:03+09:00'), 'X');
      expect(paid.status).toBe('paid');
      expect(paid.payment?.paidAt).toBe('2024-01-18T23:59:58+09:00');
      expect(paid.history.at(-1)?.at).toBe('2024-01-19T00:00:03+09:00');
      const lastMoment = at('2024-01-19T00:09:59+09:00');
      expect(markPaid(unpaid(), inTime, lastMoment, 'X').status).toBe('paid');
    });

    it('refuses a payment made after the deadline, and one reported after the grace', () => {
      const late = { ...NOTICE, paidAt: '2024-01-19T00:00:00+09:00' };
      const soon = at('2024-01-19T00:00:02+09:00');
      expect(code(() => markPaid(unpaid(), late, soon, 'X'))).toBe('deadline_passed');
      const afterGrace = at('2024-01-19T00:10:00+09:00');
      expect(code(() => markPaid(unpaid(), inTime, afterGrace, 'X'))).toBe('deadline_passed');
    });
  });

  it('refuses to start a payment after the deadline', () => {
    expect(code(() => awaitPayment(draft(), PAYMENT, DEADLINE))).toBe('deadline_passed');
  });
});

describe('printing checks', () => {
  const code = (run: () => unknown) => (refusal(run) as OrderValidationError).code;

  it('refuses a number of the other network or of the wrong shape', () => {
    const order = paid();
    const when = at(RESERVATION.issuedAt);
    const other = { ...RESERVATION, network: 'networkprint' as const, number: 'B57LD4K9WH' };
    expect(code(() => makePrintable(order, other, when))).toBe('wrong_network');
    const short = { ...RESERVATION, number: 'L3QP5ZY' };
    expect(code(() => makePrintable(order, short, when))).toBe('invalid_reservation');
    const lower = { ...RESERVATION, number: 'l3qp5zyc' };
    expect(code(() => makePrintable(order, lower, when))).toBe('invalid_reservation');
  });

  it('issues and prints up to the last second, not at midnight', () => {
    expect(makePrintable(paid(), RESERVATION, BEFORE_DEADLINE).status).toBe('printable');
    expect(code(() => makePrintable(paid(), RESERVATION, DEADLINE))).toBe('deadline_passed');
    expect(markPrinted(printable(), BEFORE_DEADLINE).status).toBe('printed');
    expect(code(() => markPrinted(printable(), DEADLINE))).toBe('deadline_passed');
  });
});

describe('expiry', () => {
  const code = (run: () => unknown) => (refusal(run) as OrderValidationError).code;

  it.each<[OrderStatus, string]>([
    ['awaiting_payment', 'expired_unpaid'],
    ['paid', 'expired_unprinted'],
    ['printable', 'expired_unprinted'],
  ])('expires a %s order at its deadline as %s, not a second before', (status, reason) => {
    const order = IN[status]();
    expect(code(() => expire(order, BEFORE_DEADLINE))).toBe('deadline_not_reached');
    const next = expire(order, DEADLINE);
    expect(next.status).toBe('expired');
    expect(next.history.at(-1)).toEqual({
      at: '2024-01-24T00:00:00+09:00',
      status: 'expired',
      reason,
    });
  });

  it('expires unpaid orders once a payment could no longer be reported, paid ones at printing', () => {
    const split = { ...catalogue, deadlines: { paymentDays: 2, printDays: 7 } };
    const order = newDraft(REQUEST, split, TARO, APPLIED);
    const unpaid = awaitPayment(order, PAYMENT, APPLIED);
    expect(expiryOf(unpaid)).toBe('2024-01-19T00:10:00+09:00');
    expect(code(() => expire(unpaid, at('2024-01-19T00:09:59+09:00')))).toBe(
      'deadline_not_reached',
    );
    expect(expire(unpaid, at('2024-01-19T00:10:00+09:00')).status).toBe('expired');
    const done = markPaid(unpaid, NOTICE, at(NOTICE.paidAt), 'X');
    expect(expiryOf(done)).toBe(done.printDeadline);
    expect(code(() => expire(done, at('2024-01-19T00:10:00+09:00')))).toBe('deadline_not_reached');
    expect(expire(done, DEADLINE).status).toBe('expired');
  });

  it('expires unpaid orders at the deadline when the print deadline is the same midnight', () => {
    expect(expiryOf(awaiting())).toBe('2024-01-24T00:00:00+09:00');
    expect(expiryOf(draft())).toBeUndefined();
    expect(expiryOf(printed())).toBeUndefined();
  });
});
