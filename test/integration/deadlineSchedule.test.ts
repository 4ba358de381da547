import { loadCatalogue } from '../../src/orders/loadCatalogue';
import type { Order } from '../../src/orders/order';
import { OrderService } from '../../src/orders/orderService';
import { RedisOrderRepository } from '../../src/orders/redisOrderRepository';
import { ManualClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics';
import { DeadlinePlanner } from '../../src/reminders/deadlinePlanner';
import { DeadlineSweeper } from '../../src/reminders/deadlineSweeper';
import { RedisReminderSchedule } from '../../src/reminders/redisReminderSchedule';
import type { ReminderSchedule } from '../../src/reminders/reminderSchedule';
import { DEFAULT_REMINDER_OFFSETS } from '../../src/reminders/reminderTimes';
import { RedisStudentRepository } from '../../src/students/redisStudentRepository';
import type { ChatEvent } from '../../src/turns/chatEvents';
import { TARO } from '../support/demoStudents';
import { testRedis, type TestRedis } from '../support/redis';

const catalogue = loadCatalogue('data/catalogue.json');

/**
 * The consistency rule between orders and the Redis schedule, on real Redis: the next state's
 * entries are scheduled before the order is written, stale ones cancelled after, and a claim
 * re-checks the stored order. Failures are injected into the schedule around the real one.
 */
describe('order changes and the deadline schedule', () => {
  let redis: TestRedis;
  let clock: ManualClock;
  let orders: RedisOrderRepository;
  let schedule: RedisReminderSchedule;
  let service: OrderService;
  let sweeper: DeadlineSweeper;
  const told: ChatEvent[] = [];
  /** What to do instead of (or before) the real schedule's call; reset for every test. */
  let inject: { schedule?: () => Promise<void>; cancel?: () => Promise<void> };

  beforeEach(async () => {
    redis = await testRedis();
    clock = new ManualClock('2026-11-24T15:00:00+09:00');
    orders = new RedisOrderRepository(redis.redis, redis.keys);
    schedule = new RedisReminderSchedule(redis.redis, redis.keys);
    inject = {};
    told.length = 0;
    const faulty: ReminderSchedule = {
      schedule: async (items) => {
        await inject.schedule?.();
        await schedule.schedule(items);
      },
      cancel: async (prefix) => {
        await inject.cancel?.();
        await schedule.cancel(prefix);
      },
      claimDue: (now, limit, leaseMs) => schedule.claimDue(now, limit, leaseMs),
      complete: (ids) => schedule.complete(ids),
    };
    const students = new RedisStudentRepository(redis.redis, redis.keys);
    await students.login(TARO, { channel: 'webchat', accountId: 'session-1' });
    service = new OrderService({
      orders,
      catalogue,
      clock,
      gateways: {
        smartpit: {
          method: 'smartpit',
          start: async (order) => ({
            kind: 'cash',
            reference: `9${order.orderId}`,
            smartPitNumber: `9${order.orderId}`,
          }),
        },
      },
      issuer: {
        issue: async (order) => ({
          network: 'netprint',
          number: 'L3QP5ZYC',
          issuedAt: clock.now().toISO() ?? '',
          verificationCode: order.verificationCode ?? '',
        }),
      },
      verificationCode: () => 'ABCD-EFGH-JKLM',
      students,
      onChange: async () => undefined,
      logger: createLogger('silent'),
      schedule: new DeadlinePlanner(faulty, DEFAULT_REMINDER_OFFSETS, clock),
    });
    sweeper = new DeadlineSweeper({
      schedule,
      orders: service,
      students,
      chatEvents: { tell: async (_student, event) => void told.push(event) },
      offsets: DEFAULT_REMINDER_OFFSETS,
      clock,
      logger: createLogger('silent'),
      metrics: new Metrics({ defaultMetrics: false }),
    });
  });
  afterEach(() => redis.cleanup());

  const pending = async () => (await redis.redis.zrange(redis.keys.reminders(), 0, -1)).sort();

  async function unpaid(): Promise<Order> {
    const draft = await service.create({
      studentId: TARO.studentId,
      lines: [{ certificateId: 'enrollment', language: 'en', copies: 1 }],
      network: 'netprint',
      language: 'en',
    });
    return (await service.startPayment(draft.orderId, TARO.studentId, 'smartpit')).order;
  }

  it('has the expiry on the schedule before the order is stored in the state that needs it', async () => {
    const statusWhenScheduled: string[] = [];
    inject.schedule = async () => {
      const [order] = await service.listForStudent(TARO.studentId);
      statusWhenScheduled.push(order.status);
    };
    const order = await unpaid();
    expect(statusWhenScheduled).toEqual(['draft']);
    expect(await pending()).toEqual([
      `${order.orderId}:payment:2d`,
      `${order.orderId}:payment:expire`,
      `${order.orderId}:payment:lastDay09`,
    ]);
  });

  it('writes nothing when the schedule cannot be written', async () => {
    inject.schedule = async () => {
      throw new Error('schedule unavailable');
    };
    await expect(unpaid()).rejects.toThrow('schedule unavailable');
    const [order] = await service.listForStudent(TARO.studentId);
    expect(order.status).toBe('draft');
    expect(await pending()).toEqual([]);
  });

  it('keeps a change whose cleanup failed; the stale reminders are dropped when claimed', async () => {
    const order = await unpaid();
    inject.cancel = async () => {
      throw new Error('schedule unavailable');
    };
    const paid = await service.received({
      method: 'smartpit',
      reference: order.payment?.reference ?? '',
      amount: order.totalFee,
      transactionId: 'T1',
      paidAt: '2026-11-24T16:00:00+09:00',
    });
    expect(paid).toBe('applied');
    expect((await orders.get(order.orderId))?.status).toBe('printable');
    // The payment entries could not be removed; the print ones are there all the same.
    expect(await pending()).toEqual(
      [
        `${order.orderId}:payment:2d`,
        `${order.orderId}:payment:expire`,
        `${order.orderId}:payment:lastDay09`,
        `${order.orderId}:print:2d`,
        `${order.orderId}:print:expire`,
        `${order.orderId}:print:lastDay09`,
      ].sort(),
    );

    clock.set('2026-11-30T00:00:00+09:00');
    // The print reminder goes out; the payment one (same instant) is pointless and dropped.
    expect(await sweeper.sweep()).toEqual({ reminded: 1, expired: 0 });
    expect(told.map((event) => event.value)).toEqual([
      { orderId: order.orderId, kind: 'print', offsetId: '2d' },
    ]);
    clock.set('2026-12-02T00:00:00+09:00');
    expect(await sweeper.sweep()).toEqual({ reminded: 0, expired: 1 });
    expect((await orders.get(order.orderId))?.status).toBe('expired');
  });

  it('an order that is gone or already finished makes its entries no-ops', async () => {
    const order = await unpaid();
    await service.cancel(order.orderId, TARO.studentId);
    expect(await pending()).toEqual([]);
    await schedule.schedule([
      { id: `${order.orderId}:payment:expire`, at: '2026-11-24T15:00:00+09:00' },
      { id: 'NOSUCHORDER:payment:expire', at: '2026-11-24T15:00:00+09:00' },
    ]);
    expect(await sweeper.sweep()).toEqual({ reminded: 0, expired: 0 });
    expect((await orders.get(order.orderId))?.status).toBe('cancelled');
  });
});
