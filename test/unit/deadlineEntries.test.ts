import { DateTime } from 'luxon';
import { loadCatalogue } from '../../src/orders/loadCatalogue';
import type { Order } from '../../src/orders/order';
import {
  awaitPayment,
  cancel,
  expire,
  makePrintable,
  markPaid,
  markPrinted,
  newDraft,
} from '../../src/orders/orderTransitions';
import {
  entriesFor,
  obsoletePrefixes,
  parseDeadlineEntry,
} from '../../src/reminders/deadlineEntries';
import { DEFAULT_REMINDER_OFFSETS } from '../../src/reminders/reminderTimes';
import { TARO } from '../support/demoStudents';

const catalogue = loadCatalogue('data/catalogue.json');
const at = (iso: string) => DateTime.fromISO(iso);
// Applied 2026-11-24 15:00 JST: both deadlines are 2026-12-02 00:00 JST.
const APPLIED = at('2026-11-24T15:00:00+09:00');
const DEADLINE = '2026-12-02T00:00:00+09:00';

const draft = () =>
  newDraft(
    {
      orderId: 'O1',
      studentId: TARO.studentId,
      language: 'en',
      lines: [{ certificateId: 'enrollment', language: 'en', copies: 1 }],
      network: 'netprint',
    },
    catalogue,
    TARO,
    APPLIED,
  );
const awaiting = () =>
  awaitPayment(draft(), { method: 'smartpit', reference: '1234567890123' }, APPLIED);
const paid = () =>
  markPaid(
    awaiting(),
    {
      method: 'smartpit',
      reference: '1234567890123',
      amount: awaiting().totalFee,
      transactionId: 'T1',
      paidAt: '2026-11-25T10:00:00+09:00',
    },
    at('2026-11-25T10:00:00+09:00'),
    'ABCD-EFGH-JKLM',
  );
const printable = () =>
  makePrintable(
    paid(),
    {
      network: 'netprint',
      number: 'L3QP5ZYC',
      issuedAt: '2026-11-25T10:00:05+09:00',
      verificationCode: 'ABCD-EFGH-JKLM',
    },
    at('2026-11-25T10:00:05+09:00'),
  );

const ids = (order: Order, now = APPLIED) =>
  entriesFor(order, DEFAULT_REMINDER_OFFSETS, now).map((entry) => `${entry.id} @ ${entry.at}`);

describe('entriesFor', () => {
  it('schedules both payment reminders and the payment expiry of an unpaid order', () => {
    expect(ids(awaiting())).toEqual([
      'O1:payment:2d @ 2026-11-30T00:00:00+09:00',
      'O1:payment:lastDay09 @ 2026-12-01T09:00:00+09:00',
      `O1:payment:expire @ ${DEADLINE}`,
    ]);
  });

  it('leaves out reminders whose time has passed, never the expiry', () => {
    expect(ids(awaiting(), at('2026-12-01T00:00:00+09:00'))).toEqual([
      'O1:payment:lastDay09 @ 2026-12-01T09:00:00+09:00',
      `O1:payment:expire @ ${DEADLINE}`,
    ]);
    // A reminder due exactly now is still scheduled (and claimed by the next sweep).
    expect(ids(awaiting(), at('2026-12-01T09:00:00+09:00'))).toContain(
      'O1:payment:lastDay09 @ 2026-12-01T09:00:00+09:00',
    );
    expect(ids(awaiting(), at('2026-12-03T00:00:00+09:00'))).toEqual([
      `O1:payment:expire @ ${DEADLINE}`,
    ]);
  });

  it('gives a paid order only its print expiry, a printable one its print reminders too', () => {
    expect(ids(paid())).toEqual([`O1:print:expire @ ${DEADLINE}`]);
    expect(ids(printable())).toEqual([
      'O1:print:2d @ 2026-11-30T00:00:00+09:00',
      'O1:print:lastDay09 @ 2026-12-01T09:00:00+09:00',
      `O1:print:expire @ ${DEADLINE}`,
    ]);
  });

  it('gives drafts and finished orders nothing', () => {
    const finished = [
      draft(),
      markPrinted(printable(), at('2026-11-26T12:00:00+09:00')),
      expire(awaiting(), at(DEADLINE)),
      cancel(awaiting(), APPLIED),
    ];
    for (const order of finished) expect(ids(order)).toEqual([]);
  });

  it('follows the configured offsets; none configured leaves only the expiry', () => {
    const offsets = [{ kind: 'daysBefore' as const, days: 1 }];
    expect(entriesFor(awaiting(), offsets, APPLIED).map((entry) => entry.id)).toEqual([
      'O1:payment:1d',
      'O1:payment:expire',
    ]);
    expect(entriesFor(awaiting(), [], APPLIED).map((entry) => entry.id)).toEqual([
      'O1:payment:expire',
    ]);
  });
});

describe('obsoletePrefixes', () => {
  it('cancels the payment entries once paid, everything once finished, nothing for a new order', () => {
    expect(obsoletePrefixes(draft(), undefined)).toEqual([]);
    expect(obsoletePrefixes(awaiting(), draft())).toEqual([]);
    expect(obsoletePrefixes(paid(), awaiting())).toEqual(['O1:payment:']);
    expect(obsoletePrefixes(printable(), paid())).toEqual([]);
    expect(obsoletePrefixes(markPrinted(printable(), APPLIED), printable())).toEqual(['O1:print:']);
    expect(obsoletePrefixes(expire(awaiting(), at(DEADLINE)), awaiting())).toEqual(['O1:payment:']);
    expect(obsoletePrefixes(cancel(awaiting(), APPLIED), awaiting())).toEqual(['O1:payment:']);
  });
});

describe('parseDeadlineEntry', () => {
  it('reads what entriesFor writes and nothing else', () => {
    expect(parseDeadlineEntry('O1:payment:2d')).toEqual({
      orderId: 'O1',
      kind: 'payment',
      offsetId: '2d',
    });
    expect(parseDeadlineEntry('O1:print:expire')).toEqual({
      orderId: 'O1',
      kind: 'print',
      offsetId: 'expire',
    });
    for (const bad of ['O1', 'O1:payment', 'O1:refund:2d', ':payment:2d', 'O1:print:2d:x']) {
      expect(parseDeadlineEntry(bad)).toBeUndefined();
    }
  });
});
