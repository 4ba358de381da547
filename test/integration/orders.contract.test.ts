import { DateTime } from 'luxon';
import { loadCatalogue } from '../../src/orders/loadCatalogue';
import { DuplicateOrderError, InvalidOrderUpdateError } from '../../src/orders/errors';
import { MemoryOrderRepository } from '../../src/orders/memoryOrderRepository';
import type { Order } from '../../src/orders/order';
import type { OrderRepository } from '../../src/orders/orderRepository';
import {
  awaitPayment,
  cancel,
  expire,
  makePrintable,
  markPaid,
  markPrinted,
  newDraft,
} from '../../src/orders/orderTransitions';
import { RedisOrderRepository } from '../../src/orders/redisOrderRepository';
import type { DirectoryEntry } from '../../src/students/student';
import { redisTargets } from '../support/redisTargets';
import { testRedis } from '../support/redis';
import { TARO } from '../support/demoStudents';

interface Subject {
  orders: OrderRepository;
  cleanup(): Promise<void>;
}

const REDIS = redisTargets();

const variants: [string, () => Promise<Subject>][] = [
  ['memory', async () => ({ orders: new MemoryOrderRepository(), cleanup: async () => {} })],
  ...REDIS.map(({ name, connect }): [string, () => Promise<Subject>] => [
    name,
    async () => {
      const redis = await connect();
      return { orders: new RedisOrderRepository(redis.redis, redis.keys), cleanup: redis.cleanup };
    },
  ]),
];

const catalogue = loadCatalogue('data/catalogue.json');
const at = (iso: string) => DateTime.fromISO(iso);
const HANAKO: DirectoryEntry = { ...TARO, studentId: 'b0654321', program: 'graduate' };

function draft(orderId: string, applied: string, student = TARO): Order {
  const lines = [{ certificateId: 'enrollment', language: 'ja' as const, copies: 1 }];
  const request = { orderId, studentId: student.studentId, language: 'ja' as const, lines };
  return newDraft({ ...request, network: 'netprint' }, catalogue, student, at(applied));
}

const awaiting = (order: Order, reference = `ref-${order.orderId}`) =>
  awaitPayment(order, { method: 'smartpit', reference }, at(order.appliedAt));

describe.each(variants)('OrderRepository (%s)', (_name, make) => {
  let subject: Subject;
  let orders: OrderRepository;

  beforeEach(async () => {
    subject = await make();
    orders = subject.orders;
  });
  afterEach(() => subject.cleanup());

  it('stores a new order and reads it back unchanged', async () => {
    const order = draft('O1', '2024-01-16T15:00:00+09:00');
    await orders.create(order);
    expect(await orders.get('O1')).toEqual(order);
    expect(await orders.get('nope')).toBeUndefined();
  });

  it('refuses to create an order whose id exists, keeping the first', async () => {
    const order = draft('O1', '2024-01-16T15:00:00+09:00');
    await orders.create(order);
    const other = draft('O1', '2024-01-17T15:00:00+09:00', HANAKO);
    await expect(orders.create(other)).rejects.toBeInstanceOf(DuplicateOrderError);
    expect(await orders.get('O1')).toEqual(order);
    expect(await orders.listByStudent(HANAKO.studentId)).toEqual([]);
  });

  it('hands out copies: changing a returned order changes nothing stored', async () => {
    await orders.create(draft('O1', '2024-01-16T15:00:00+09:00'));
    const read = (await orders.get('O1')) as Order;
    read.totalFee = 0;
    expect((await orders.get('O1'))?.totalFee).toBe(400);
  });

  it('lists a student’s orders newest first, with a limit, and no one else’s', async () => {
    await orders.create(draft('O2', '2024-01-17T09:00:00+09:00'));
    await orders.create(draft('O1', '2024-01-16T09:00:00+09:00'));
    await orders.create(draft('O3', '2024-01-18T09:00:00+09:00'));
    await orders.create(draft('H1', '2024-01-19T09:00:00+09:00', HANAKO));
    const ids = async (limit?: number) =>
      (await orders.listByStudent(TARO.studentId, limit)).map((o) => o.orderId);
    expect(await ids()).toEqual(['O3', 'O2', 'O1']);
    expect(await ids(2)).toEqual(['O3', 'O2']);
    expect(await ids(0)).toEqual([]);
    expect(await orders.listByStudent('nobody')).toEqual([]);
  });

  it('pages through every student’s orders newest first, updates included', async () => {
    await orders.create(draft('O2', '2024-01-17T09:00:00+09:00'));
    await orders.create(draft('O1', '2024-01-16T09:00:00+09:00'));
    await orders.create(draft('H1', '2024-01-19T09:00:00+09:00', HANAKO));
    const o3 = draft('O3', '2024-01-18T09:00:00+09:00');
    await orders.create(o3);
    await orders.update(o3, awaiting(o3));
    const ids = async (offset: number, count: number) =>
      (await orders.listRecent(offset, count)).map((o) => o.orderId);
    expect(await ids(0, 10)).toEqual(['H1', 'O3', 'O2', 'O1']);
    expect(await ids(1, 2)).toEqual(['O3', 'O2']);
    expect(await ids(4, 2)).toEqual([]);
    expect(await ids(0, 0)).toEqual([]);
    expect((await orders.listRecent(1, 1))[0].status).toBe('awaiting_payment');
  });

  it('updates only from the stored version, one step at a time', async () => {
    const order = draft('O1', '2024-01-16T15:00:00+09:00');
    await orders.create(order);
    const next = awaiting(order);
    expect(await orders.update(order, next)).toBe(true);
    expect(await orders.get('O1')).toEqual(next);
    // A second writer that read version 1 has lost.
    expect(await orders.update(order, cancel(order, at(order.appliedAt)))).toBe(false);
    expect(await orders.get('O1')).toEqual(next);
    // Nothing to update: the order does not exist.
    const ghost = draft('ghost', '2024-01-16T15:00:00+09:00');
    expect(await orders.update(ghost, awaiting(ghost))).toBe(false);
    expect(await orders.get('ghost')).toBeUndefined();
  });

  it('refuses a next that is not the successor, writing nothing', async () => {
    const order = draft('O1', '2024-01-16T15:00:00+09:00');
    await orders.create(order);
    const next = awaiting(order);
    for (const bad of [
      { ...next, version: 3 },
      { ...next, orderId: 'O2' },
      { ...next, studentId: 'b0654321' },
    ]) {
      await expect(orders.update(order, bad)).rejects.toBeInstanceOf(InvalidOrderUpdateError);
    }
    expect(await orders.get('O1')).toEqual(order);
  });

  it('lets exactly one of many concurrent updates of one version win', async () => {
    const order = draft('O1', '2024-01-16T15:00:00+09:00');
    await orders.create(order);
    const attempts = Array.from({ length: 10 }, (_, i) => awaiting(order, `ref-${i}`));
    const results = await Promise.all(attempts.map((next) => orders.update(order, next)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = attempts[results.indexOf(true)];
    expect(await orders.get('O1')).toEqual(winner);
    expect((await orders.findByPaymentReference(winner.payment!.reference))?.orderId).toBe('O1');
    expect(
      await orders.findByPaymentReference(attempts[results.indexOf(false)].payment!.reference),
    ).toBeUndefined();
  });

  it('finds orders by payment reference and reservation number', async () => {
    const order = draft('O1', '2024-01-16T15:00:00+09:00');
    await orders.create(order);
    expect(await orders.findByPaymentReference('1234567890123')).toBeUndefined();
    const unpaid = awaiting(order, '1234567890123');
    await orders.update(order, unpaid);
    expect(await orders.findByPaymentReference('1234567890123')).toEqual(unpaid);
    const notice = {
      method: 'smartpit' as const,
      reference: '1234567890123',
      amount: 400,
      transactionId: 'T1',
      paidAt: '2024-01-17T10:00:00+09:00',
    };
    const paid = markPaid(unpaid, notice, at(notice.paidAt), 'CODE-CODE-CODE');
    await orders.update(unpaid, paid);
    expect(await orders.findByReservationNumber('L3QP5ZYC')).toBeUndefined();
    const reservation = {
      network: 'netprint' as const,
      number: 'L3QP5ZYC',
      issuedAt: notice.paidAt,
      verificationCode: 'CODE-CODE-CODE',
    };
    const printable = makePrintable(paid, reservation, at(notice.paidAt));
    await orders.update(paid, printable);
    expect(await orders.findByReservationNumber('L3QP5ZYC')).toEqual(printable);
    expect(await orders.findByPaymentReference('1234567890123')).toEqual(printable);
    expect(await orders.findByReservationNumber('l3qp5zyc')).toBeUndefined();
  });

  it('indexes only open orders by deadline, oldest first, up to a limit', async () => {
    const a = draft('A', '2024-01-16T15:00:00+09:00'); // due 2024-01-24
    const b = draft('B', '2024-01-14T15:00:00+09:00'); // due 2024-01-22
    const c = draft('C', '2024-01-15T15:00:00+09:00'); // due 2024-01-23
    for (const order of [a, b, c]) await orders.create(order);
    // Drafts are not open: nothing is due.
    expect(await orders.dueBy('2030-01-01T00:00:00+09:00', 10)).toEqual([]);
    for (const order of [a, b, c]) await orders.update(order, awaiting(order));
    expect(await orders.dueBy('2024-01-21T23:59:59+09:00', 10)).toEqual([]);
    expect(await orders.dueBy('2024-01-22T00:00:00+09:00', 10)).toEqual(['B']);
    expect(await orders.dueBy('2024-01-23T15:00:00Z', 10)).toEqual(['B', 'C', 'A']);
    expect(await orders.dueBy('2024-01-24T00:00:00+09:00', 2)).toEqual(['B', 'C']);
    // Expired and cancelled orders leave the index.
    const bOpen = (await orders.get('B')) as Order;
    await orders.update(bOpen, expire(bOpen, at('2024-01-22T00:00:00+09:00')));
    const cOpen = (await orders.get('C')) as Order;
    await orders.update(cOpen, cancel(cOpen, at('2024-01-16T00:00:00+09:00')));
    expect(await orders.dueBy('2024-01-24T00:00:00+09:00', 10)).toEqual(['A']);
  });

  it('keeps paid and printable orders in the index until printed', async () => {
    const order = draft('O1', '2024-01-16T15:00:00+09:00');
    await orders.create(order);
    const unpaid = awaiting(order, 'R1');
    await orders.update(order, unpaid);
    const notice = {
      method: 'smartpit' as const,
      reference: 'R1',
      amount: 400,
      transactionId: 'T1',
      paidAt: '2024-01-17T10:00:00+09:00',
    };
    const paid = markPaid(unpaid, notice, at(notice.paidAt), 'C');
    await orders.update(unpaid, paid);
    expect(await orders.dueBy('2024-01-24T00:00:00+09:00', 10)).toEqual(['O1']);
    const reservation = { network: 'netprint' as const, number: 'ABCDEFGH' };
    const printable = makePrintable(
      paid,
      { ...reservation, issuedAt: notice.paidAt, verificationCode: 'C' },
      at(notice.paidAt),
    );
    await orders.update(paid, printable);
    expect(await orders.dueBy('2024-01-24T00:00:00+09:00', 10)).toEqual(['O1']);
    await orders.update(printable, markPrinted(printable, at('2024-01-18T10:00:00+09:00')));
    expect(await orders.dueBy('2024-01-24T00:00:00+09:00', 10)).toEqual([]);
  });

  it('refuses a malformed time for dueBy', async () => {
    await expect(orders.dueBy('tomorrow', 10)).rejects.toBeInstanceOf(RangeError);
  });
});

describe('RedisOrderRepository with damaged data', () => {
  it('reports an unreadable order instead of handing out half of one', async () => {
    const redis = await testRedis();
    try {
      const orders = new RedisOrderRepository(redis.redis, redis.keys);
      await redis.redis.set(redis.keys.order('bad'), '{not json');
      await expect(orders.get('bad')).rejects.toMatchObject({ code: 'STORAGE_ITEM_UNREADABLE' });
      const order = draft('bad', '2024-01-16T15:00:00+09:00');
      // The script cannot read the version of a damaged order: the update is refused.
      expect(await orders.update(order, awaiting(order))).toBe(false);
    } finally {
      await redis.cleanup();
    }
  });
});
