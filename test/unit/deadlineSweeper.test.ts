import type { Order } from '../../src/orders/order';
import { ManualClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics';
import { DeadlineSweeper, REMINDER_LEASE_MS } from '../../src/reminders/deadlineSweeper';
import { MemoryReminderSchedule } from '../../src/reminders/memoryReminderSchedule';
import { DEFAULT_REMINDER_OFFSETS } from '../../src/reminders/reminderTimes';
import type { Student } from '../../src/students/student';
import type { ChatEvent } from '../../src/turns/chatEvents';
import { TARO } from '../support/demoStudents';

const DEADLINE = '2026-12-02T00:00:00+09:00';
const STUDENT: Student = { ...TARO, accounts: [{ channel: 'webchat', accountId: 's1' }] };

function order(orderId: string, status: Order['status']): Order {
  return {
    orderId,
    studentId: STUDENT.studentId,
    language: 'en',
    lines: [],
    network: 'netprint',
    totalFee: 400,
    status,
    appliedAt: '2026-11-24T15:00:00+09:00',
    paymentDeadline: DEADLINE,
    printDeadline: DEADLINE,
    history: [],
    version: 1,
  };
}

/**
 * The sweeper against the embedded schedule, with orders, the student and the chat as plain
 * in-memory stand-ins: what it sends, skips and expires, counted by its own metrics.
 */
function world() {
  const clock = new ManualClock('2026-11-30T00:00:00+09:00');
  const schedule = new MemoryReminderSchedule();
  const orders = new Map<string, Order>();
  const student = { ...STUDENT };
  const told: ChatEvent[] = [];
  const expireFailures: string[] = [];
  const tellFailures: Error[] = [];
  const metrics = new Metrics({ defaultMetrics: false });
  const sweeper = new DeadlineSweeper({
    schedule,
    orders: {
      get: async (orderId) => orders.get(orderId),
      expireIfDue: async (orderId) => {
        if (expireFailures.includes(orderId)) throw new Error('storage unavailable');
        const found = orders.get(orderId);
        if (!found || found.status !== 'awaiting_payment') return false;
        orders.set(orderId, { ...found, status: 'expired' });
        return true;
      },
    },
    students: { get: async (studentId) => (studentId === student.studentId ? student : undefined) },
    chatEvents: {
      tell: async (_student, event) => {
        const failure = tellFailures.shift();
        if (failure) throw failure;
        told.push(event);
      },
    },
    offsets: DEFAULT_REMINDER_OFFSETS,
    clock,
    logger: createLogger('silent'),
    metrics,
    batchSize: 200,
  });
  const counted = async (outcome: string) =>
    (await metrics.reminders.get()).values
      .filter((v) => v.labels.outcome === outcome)
      .reduce((sum, v) => sum + v.value, 0);
  return { clock, schedule, orders, student, told, expireFailures, tellFailures, sweeper, counted };
}

describe('DeadlineSweeper', () => {
  it('sends a due reminder once, as an orderReminder event', async () => {
    const w = world();
    w.orders.set('O1', order('O1', 'awaiting_payment'));
    await w.schedule.schedule([{ id: 'O1:payment:2d', at: '2026-11-30T00:00:00+09:00' }]);
    expect(await w.sweeper.sweep()).toEqual({ reminded: 1, expired: 0 });
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 0 });
    // Completed: not claimed again once its lease would have ended either.
    w.clock.advance({ milliseconds: REMINDER_LEASE_MS });
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 0 });
    expect(w.told).toEqual([
      {
        name: 'orderReminder',
        value: { orderId: 'O1', kind: 'payment', offsetId: '2d' },
        deliveryId: 'reminder:O1:payment:2d',
      },
    ]);
    expect(await w.counted('sent')).toBe(1);
  });

  it('drops reminders that are pointless now, each for its reason', async () => {
    const w = world();
    w.orders.set('PAID', order('PAID', 'printable'));
    w.orders.set('OLD', {
      ...order('OLD', 'awaiting_payment'),
      paymentDeadline: '2026-11-29T00:00:00+09:00',
    });
    w.orders.set('SAME', order('SAME', 'awaiting_payment'));
    const due = '2026-11-29T12:00:00+09:00';
    await w.schedule.schedule([
      { id: 'PAID:payment:2d', at: due },
      { id: 'OLD:payment:2d', at: due },
      { id: 'GONE:payment:2d', at: due },
      { id: 'SAME:payment:5d', at: due },
      { id: 'nonsense:entry', at: due },
    ]);
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 0 });
    expect(w.told).toEqual([]);
    expect(await w.counted('status')).toBe(1);
    expect(await w.counted('deadline_passed')).toBe(1);
    expect(await w.counted('unknown_order')).toBe(1);
    expect(await w.counted('offset_not_configured')).toBe(1);
    expect(await w.counted('malformed')).toBe(1);
  });

  it('skips reminders, not expiry, for a student who turned them off', async () => {
    const w = world();
    w.student.reminders = false;
    w.orders.set('O1', order('O1', 'awaiting_payment'));
    await w.schedule.schedule([
      { id: 'O1:payment:2d', at: '2026-11-30T00:00:00+09:00' },
      { id: 'O1:payment:expire', at: DEADLINE },
    ]);
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 0 });
    expect(await w.counted('reminders_off')).toBe(1);
    w.clock.set(DEADLINE);
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 1 });
    expect(w.orders.get('O1')?.status).toBe('expired');
  });

  it('sends only the latest of several reminders that came due while nothing swept', async () => {
    const w = world();
    w.orders.set('O1', order('O1', 'awaiting_payment'));
    await w.schedule.schedule([
      { id: 'O1:payment:2d', at: '2026-11-30T00:00:00+09:00' },
      { id: 'O1:payment:lastDay09', at: '2026-12-01T09:00:00+09:00' },
    ]);
    w.clock.set('2026-12-01T10:00:00+09:00');
    expect(await w.sweeper.sweep()).toEqual({ reminded: 1, expired: 0 });
    expect(w.told.map((event) => (event.value as { offsetId: string }).offsetId)).toEqual([
      'lastDay09',
    ]);
    expect(await w.counted('superseded')).toBe(1);
  });

  it('leaves a failed expiry claimed: it comes back when its lease ends, not before', async () => {
    const w = world();
    w.clock.set(DEADLINE);
    w.orders.set('O1', order('O1', 'awaiting_payment'));
    w.expireFailures.push('O1');
    await w.schedule.schedule([{ id: 'O1:payment:expire', at: DEADLINE }]);
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 0 });
    w.expireFailures.length = 0;
    w.clock.advance({ milliseconds: REMINDER_LEASE_MS - 1 });
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 0 });
    w.clock.advance({ milliseconds: 1 });
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 1 });
    expect(w.orders.get('O1')?.status).toBe('expired');
  });

  it('tries a reminder that could not be queued again after its lease, with the same delivery id', async () => {
    const w = world();
    w.orders.set('O1', order('O1', 'awaiting_payment'));
    await w.schedule.schedule([{ id: 'O1:payment:2d', at: '2026-11-30T00:00:00+09:00' }]);
    w.tellFailures.push(new Error('redis away'));
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 0 });
    expect(await w.counted('failed')).toBe(1);
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 0 });
    w.clock.advance({ milliseconds: REMINDER_LEASE_MS });
    expect(await w.sweeper.sweep()).toEqual({ reminded: 1, expired: 0 });
    expect(w.told.map((event) => event.deliveryId)).toEqual(['reminder:O1:payment:2d']);
  });

  it('claims again what an instance claimed and never completed (it died), once the lease ends', async () => {
    const w = world();
    w.orders.set('O1', order('O1', 'awaiting_payment'));
    await w.schedule.schedule([{ id: 'O1:payment:2d', at: '2026-11-30T00:00:00+09:00' }]);
    // The instance that died: claimed, then nothing.
    expect(await w.schedule.claimDue('2026-11-30T00:00:00+09:00', 10, REMINDER_LEASE_MS)).toEqual([
      'O1:payment:2d',
    ]);
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 0 });
    w.clock.advance({ milliseconds: REMINDER_LEASE_MS });
    expect(await w.sweeper.sweep()).toEqual({ reminded: 1, expired: 0 });
    expect(w.told.map((event) => event.deliveryId)).toEqual(['reminder:O1:payment:2d']);
  });

  it('claims batch after batch until everything due is handled', async () => {
    const w = world();
    w.clock.set(DEADLINE);
    const ids = Array.from({ length: 450 }, (_, n) => `O${n}`);
    for (const id of ids) w.orders.set(id, order(id, 'awaiting_payment'));
    await w.schedule.schedule(ids.map((id) => ({ id: `${id}:payment:expire`, at: DEADLINE })));
    expect(await w.sweeper.sweep()).toEqual({ reminded: 0, expired: 450 });
  });
});
