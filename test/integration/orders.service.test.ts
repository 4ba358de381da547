import { Writable } from 'node:stream';
import { type Catalogue } from '../../src/orders/catalogue';
import { isoJst } from '../../src/orders/deadlines';
import { loadCatalogue } from '../../src/orders/loadCatalogue';
import { MemoryOrderRepository } from '../../src/orders/memoryOrderRepository';
import type { Order, PaymentMethod } from '../../src/orders/order';
import {
  OrderService,
  type CertificateIssuing,
  type OrderServiceDeps,
} from '../../src/orders/orderService';
import {
  OrderTransitionError,
  OrderValidationError,
  ServiceClosedError,
  UnknownOrderError,
} from '../../src/orders/errors';
import { RedisOrderRepository } from '../../src/orders/redisOrderRepository';
import type { PaymentGateway, PaymentNotice, PaymentStart } from '../../src/orders/paymentGateway';
import { ManualClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import type { PrintNetworkPort, PrintRegistration } from '../../src/printing/printNetworkPort';
import { MemoryStudentRepository } from '../../src/students/memoryStudentRepository';
import { RedisStudentRepository } from '../../src/students/redisStudentRepository';
import { testRedis } from '../support/redis';
import { TARO } from '../support/demoStudents';

const LINES = [
  { certificateId: 'enrollment', language: 'ja' as const, copies: 2 },
  { certificateId: 'transcript', language: 'en' as const, copies: 1 },
];
const APPLIED = '2024-01-16T15:00:00+09:00';

/** A provider that hands out numbered references and counts how often it was asked. */
class FakeGateway implements PaymentGateway {
  starts: string[] = [];
  constructor(readonly method: PaymentMethod) {}
  async start(order: Order): Promise<PaymentStart> {
    const reference = `${this.method}-${order.orderId}-${this.starts.length + 1}`;
    this.starts.push(reference);
    return this.method === 'smartpit'
      ? { kind: 'cash', reference, smartPitNumber: reference }
      : { kind: 'link', reference, url: `http://pay.test/${reference}` };
  }
}

/** A copier network that issues one number per order, and can be told to fail once. */
class FakePrinting implements PrintNetworkPort {
  registrations: { orderId: string; pdf: string }[] = [];
  failNext = false;
  private readonly numbers = new Map<string, string>();
  async register(order: Order, pdf: Uint8Array): Promise<PrintRegistration> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('copier network unavailable');
    }
    this.registrations.push({ orderId: order.orderId, pdf: Buffer.from(pdf).toString() });
    const number =
      this.numbers.get(order.orderId) ?? `NP${String(this.numbers.size).padStart(6, '0')}`;
    this.numbers.set(order.orderId, number);
    return { network: order.network, number };
  }
}

/** The print step over the fake network: a stand-in document, and the number it answered. */
function fakeIssuer(printing: FakePrinting, clock: ManualClock): CertificateIssuing {
  return {
    issue: async (order, student) => {
      const pdf = `%PDF ${order.orderId} ${student.studentId} ${order.verificationCode}`;
      const { network, number } = await printing.register(order, Buffer.from(pdf));
      const verificationCode = order.verificationCode ?? '';
      return { network, number, issuedAt: isoJst(clock.now()), verificationCode };
    },
  };
}

interface World {
  service: OrderService;
  clock: ManualClock;
  gateways: Record<'paypal' | 'smartpit', FakeGateway>;
  printing: FakePrinting;
  changes: [string, string][];
  logs: string[];
  get(orderId: string): Promise<Order | undefined>;
  cleanup(): Promise<void>;
}

const variants: [string, (catalogue: Catalogue) => Promise<World>][] = [
  [
    'memory',
    (catalogue) =>
      world(catalogue, new MemoryOrderRepository(), new MemoryStudentRepository(), async () => {}),
  ],
  [
    'redis',
    async (catalogue) => {
      const redis = await testRedis();
      return world(
        catalogue,
        new RedisOrderRepository(redis.redis, redis.keys),
        new RedisStudentRepository(redis.redis, redis.keys),
        redis.cleanup,
      );
    },
  ],
];

async function world(
  catalogue: Catalogue,
  orders: OrderServiceDeps['orders'],
  students: OrderServiceDeps['students'],
  cleanup: () => Promise<void>,
): Promise<World> {
  await students.login(TARO, { channel: 'webchat', accountId: 'session-1' });
  const clock = new ManualClock(APPLIED);
  const gateways = { paypal: new FakeGateway('paypal'), smartpit: new FakeGateway('smartpit') };
  const printing = new FakePrinting();
  const changes: [string, string][] = [];
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  let codes = 0;
  const service = new OrderService({
    orders,
    catalogue,
    clock,
    gateways,
    issuer: fakeIssuer(printing, clock),
    verificationCode: () => `CODE-${++codes}`,
    students,
    onChange: async (order, previous) => {
      changes.push([previous.status, order.status]);
    },
    logger: createLogger('info', sink),
  });
  return {
    service,
    clock,
    gateways,
    printing,
    changes,
    logs,
    get: (id) => orders.get(id),
    cleanup,
  };
}

const catalogue = loadCatalogue('data/catalogue.json');

describe.each(variants)('OrderService (%s)', (_name, make) => {
  let w: World;
  beforeEach(async () => {
    w = await make(catalogue);
  });
  afterEach(() => w.cleanup());

  const create = () =>
    w.service.create({
      studentId: TARO.studentId,
      lines: LINES,
      network: 'netprint',
      language: 'en',
    });

  async function awaiting(method: 'paypal' | 'smartpit' = 'smartpit') {
    const order = await create();
    const { start } = await w.service.startPayment(order.orderId, TARO.studentId, method);
    return { order, start };
  }

  const notice = (reference: string, change: Partial<PaymentNotice> = {}): PaymentNotice => ({
    method: 'smartpit',
    reference,
    amount: 1200,
    transactionId: 'T1',
    paidAt: w.clock.now().toISO() ?? '',
    ...change,
  });

  it('creates a priced draft for the student, listed newest first', async () => {
    const first = await create();
    w.clock.advance({ minutes: 1 });
    const second = await create();
    expect(first).toMatchObject({ status: 'draft', totalFee: 1200, studentId: TARO.studentId });
    expect(first.orderId).toMatch(/^[A-Z0-9]{10}$/);
    expect(first.paymentDeadline).toBe('2024-01-24T00:00:00+09:00');
    const listed = await w.service.listForStudent(TARO.studentId);
    expect(listed.map((o) => o.orderId)).toEqual([second.orderId, first.orderId]);
    expect(await w.service.listForStudent('someone-else')).toEqual([]);
  });

  it('refuses lines the catalogue does not allow, storing nothing', async () => {
    const lines = [{ certificateId: 'expectedCompletion', language: 'ja' as const, copies: 1 }];
    await expect(
      w.service.create({ studentId: TARO.studentId, lines, network: 'netprint', language: 'ja' }),
    ).rejects.toMatchObject({ code: 'not_eligible' });
    expect(await w.service.listForStudent(TARO.studentId)).toEqual([]);
  });

  it('starts one payment per order, however often it is asked', async () => {
    const { order, start } = await awaiting('paypal');
    expect(start).toEqual({
      kind: 'link',
      reference: `paypal-${order.orderId}-1`,
      url: `http://pay.test/paypal-${order.orderId}-1`,
    });
    const again = await w.service.startPayment(order.orderId, TARO.studentId, 'paypal');
    expect(again.start).toEqual(start);
    const other = await w.service.startPayment(order.orderId, TARO.studentId, 'smartpit');
    expect(other.start).toEqual(start);
    expect(w.gateways.paypal.starts).toHaveLength(1);
    expect(w.gateways.smartpit.starts).toHaveLength(0);
    expect(again.order.status).toBe('awaiting_payment');
  });

  it('gives the Smart Pit number as a cash start', async () => {
    const { order, start } = await awaiting('smartpit');
    const reference = `smartpit-${order.orderId}-1`;
    expect(start).toEqual({ kind: 'cash', reference, smartPitNumber: reference });
  });

  it('refuses another student’s order and an unknown one alike', async () => {
    const order = await create();
    for (const [id, who] of [
      [order.orderId, 'b0654321'],
      ['NOSUCHORDER', TARO.studentId],
    ]) {
      await expect(w.service.startPayment(id, who, 'paypal')).rejects.toBeInstanceOf(
        UnknownOrderError,
      );
      await expect(w.service.cancel(id, who)).rejects.toBeInstanceOf(UnknownOrderError);
    }
    expect((await w.get(order.orderId))?.status).toBe('draft');
  });

  it('refuses a method without a gateway', async () => {
    const order = await create();
    await expect(
      w.service.startPayment(order.orderId, TARO.studentId, 'demo'),
    ).rejects.toMatchObject({ code: 'payment_method_not_offered' });
    expect(w.gateways.paypal.starts).toHaveLength(0);
  });

  it('takes a payment, issues one reservation number, and answers a replay with duplicate', async () => {
    const { order, start } = await awaiting();
    w.clock.advance({ hours: 1 });
    expect(await w.service.received(notice(start.reference))).toBe('applied');
    const printable = (await w.get(order.orderId)) as Order;
    expect(printable.status).toBe('printable');
    expect(printable.reservation).toEqual({
      network: 'netprint',
      number: 'NP000000',
      issuedAt: '2024-01-16T16:00:00+09:00',
      verificationCode: 'CODE-1',
    });
    expect(w.printing.registrations).toEqual([
      { orderId: order.orderId, pdf: `%PDF ${order.orderId} a0123456 CODE-1` },
    ]);

    expect(await w.service.received(notice(start.reference))).toBe('duplicate');
    expect(await w.get(order.orderId)).toEqual(printable);
    expect(w.printing.registrations).toHaveLength(1);
    expect(w.changes).toEqual([
      ['draft', 'awaiting_payment'],
      ['awaiting_payment', 'paid'],
      ['paid', 'printable'],
    ]);
  });

  it('applies concurrent replays of one notice exactly once', async () => {
    const { order, start } = await awaiting();
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => w.service.received(notice(start.reference))),
    );
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(4);
    const stored = (await w.get(order.orderId)) as Order;
    expect(stored.status).toBe('printable');
    expect(stored.history.filter((e) => e.status === 'paid')).toHaveLength(1);
    expect(new Set(w.printing.registrations.map((r) => r.pdf)).size).toBe(1);
  });

  it.each<[string, (ref: string) => Partial<PaymentNotice> & { reference?: string }, string]>([
    ['a wrong amount', () => ({ amount: 1199 }), 'wrong_amount'],
    ['an unknown reference', () => ({ reference: '9999999999999' }), 'unknown_reference'],
    ['another provider’s notice', () => ({ method: 'paypal' }), 'unknown_reference'],
  ])('changes nothing for %s', async (_what, change, outcome) => {
    const { order, start } = await awaiting();
    const before = await w.get(order.orderId);
    expect(await w.service.received(notice(start.reference, change(start.reference)))).toBe(
      outcome,
    );
    expect(await w.get(order.orderId)).toEqual(before);
    expect(w.printing.registrations).toEqual([]);
    expect(w.logs.join('')).toContain(`"outcome":"${outcome}"`);
  });

  it('refuses a payment at the deadline, and one for a cancelled order', async () => {
    const { order, start } = await awaiting();
    w.clock.set('2024-01-24T00:00:00+09:00');
    const before = await w.get(order.orderId);
    expect(await w.service.received(notice(start.reference))).toBe('too_late');
    expect(await w.get(order.orderId)).toEqual(before);

    w.clock.set(APPLIED);
    const second = await awaiting();
    await w.service.cancel(second.order.orderId, TARO.studentId);
    expect(await w.service.received(notice(second.start.reference))).toBe('not_payable');
    expect((await w.get(second.order.orderId))?.status).toBe('cancelled');
  });

  it('takes a payment made before midnight and reported after it only while it can be printed', async () => {
    // Both deadlines are one midnight: a report after it could not be printed, so it is refused
    // and the money refunded, even though the money moved at 23:59:58.
    const { order, start } = await awaiting();
    w.clock.set('2024-01-24T00:00:03+09:00');
    const inTime = { paidAt: '2024-01-23T23:59:58+09:00' };
    expect(await w.service.received(notice(start.reference, inTime))).toBe('too_late');
    expect((await w.get(order.orderId))?.status).toBe('awaiting_payment');

    // Printable for five days more: the same report counts, at the provider's time.
    await w.cleanup();
    w = await make({ ...catalogue, deadlines: { paymentDays: 2, printDays: 7 } });
    const split = await awaiting();
    const unpaid = await awaiting();
    expect(split.order.paymentDeadline).toBe('2024-01-19T00:00:00+09:00');
    w.clock.set('2024-01-19T00:00:03+09:00');
    expect(await w.service.expireDue()).toBe(0);
    const late = { paidAt: '2024-01-18T23:59:58+09:00' };
    expect(await w.service.received(notice(split.start.reference, late))).toBe('applied');
    const paid = await w.get(split.order.orderId);
    expect(paid?.status).toBe('printable');
    expect(paid?.payment?.paidAt).toBe('2024-01-18T23:59:58+09:00');

    // An unpaid one waits out the ten minutes in which such a report may come, then expires.
    w.clock.set('2024-01-19T00:09:59+09:00');
    expect(await w.service.expireDue()).toBe(0);
    w.clock.set('2024-01-19T00:10:00+09:00');
    expect(await w.service.received(notice(unpaid.start.reference, late))).toBe('too_late');
    expect(await w.service.expireDue()).toBe(1);
    expect((await w.get(unpaid.order.orderId))?.history.at(-1)?.reason).toBe('expired_unpaid');
  });

  it('keeps the payment when issuing fails, and a replay finishes the issuance', async () => {
    const { order, start } = await awaiting();
    w.printing.failNext = true;
    await expect(w.service.received(notice(start.reference))).rejects.toThrow(/unavailable/);
    expect((await w.get(order.orderId))?.status).toBe('paid');
    expect(await w.service.received(notice(start.reference))).toBe('duplicate');
    const stored = (await w.get(order.orderId)) as Order;
    expect(stored.status).toBe('printable');
    expect(stored.reservation?.verificationCode).toBe('CODE-1');
  });

  it('marks a printed order once, and refuses unknown or expired numbers', async () => {
    const { order, start } = await awaiting();
    await w.service.received(notice(start.reference));
    const number = (await w.get(order.orderId))?.reservation?.number ?? '';
    expect(await w.service.printed('ZZZZZZZZ')).toBe('unknown');
    expect(await w.service.printed(number)).toBe('printed');
    expect(await w.service.printed(number)).toBe('already');
    expect((await w.get(order.orderId))?.status).toBe('printed');

    const late = await awaiting();
    await w.service.received(notice(late.start.reference, { transactionId: 'T2' }));
    const lateNumber = (await w.get(late.order.orderId))?.reservation?.number ?? '';
    w.clock.set('2024-01-24T00:00:00+09:00');
    expect(await w.service.printed(lateNumber)).toBe('expired');
    expect((await w.get(late.order.orderId))?.status).toBe('expired');
  });

  it('lets the student cancel an unpaid order but not a paid one', async () => {
    const { order } = await awaiting();
    expect((await w.service.cancel(order.orderId, TARO.studentId)).status).toBe('cancelled');
    const paid = await awaiting();
    await w.service.received(notice(paid.start.reference));
    await expect(w.service.cancel(paid.order.orderId, TARO.studentId)).rejects.toBeInstanceOf(
      OrderTransitionError,
    );
  });

  it('expires open orders at the deadline and not a second before', async () => {
    const unpaid = await awaiting();
    const paid = await awaiting();
    await w.service.received(notice(paid.start.reference));
    const draft = await create();
    w.clock.set('2024-01-23T23:59:59+09:00');
    expect(await w.service.expireDue()).toBe(0);
    expect((await w.get(unpaid.order.orderId))?.status).toBe('awaiting_payment');
    w.clock.set('2024-01-24T00:00:00+09:00');
    expect(await w.service.expireDue(10)).toBe(2);
    const reasons = async (id: string) => (await w.get(id))?.history.at(-1)?.reason;
    expect(await reasons(unpaid.order.orderId)).toBe('expired_unpaid');
    expect(await reasons(paid.order.orderId)).toBe('expired_unprinted');
    expect((await w.get(draft.orderId))?.status).toBe('draft');
    expect(await w.service.expireDue()).toBe(0);
    // The student was told: onChange saw both expiries.
    expect(w.changes.filter(([, to]) => to === 'expired')).toHaveLength(2);
  });

  it('refuses to start paying an order past its deadline', async () => {
    const order = await create();
    w.clock.set('2024-01-24T00:00:00+09:00');
    await expect(
      w.service.startPayment(order.orderId, TARO.studentId, 'paypal'),
    ).rejects.toBeInstanceOf(OrderValidationError);
    expect(w.gateways.paypal.starts).toHaveLength(0);
  });

  it('never logs the student’s name', async () => {
    const { start } = await awaiting();
    await w.service.received(notice(start.reference));
    expect(w.logs.join('')).not.toContain('Taro');
  });
});

describe('OrderService in a closed period', () => {
  it('refuses new orders and says when it reopens', async () => {
    const reason = { ja: '年末年始休業', en: 'New Year holidays' };
    const closed: Catalogue = {
      ...catalogue,
      closures: [{ from: '2024-01-16T00:00:00+09:00', to: '2024-01-17T09:00:00+09:00', reason }],
    };
    const w = await variants[0][1](closed);
    const err = await w.service
      .create({ studentId: TARO.studentId, lines: LINES, network: 'netprint', language: 'ja' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceClosedError);
    expect(err).toMatchObject({ reopensAt: '2024-01-17T09:00:00+09:00', reason });
    expect(await w.service.listForStudent(TARO.studentId)).toEqual([]);
    w.clock.set('2024-01-17T09:00:00+09:00');
    const order = await w.service.create({
      studentId: TARO.studentId,
      lines: LINES,
      network: 'netprint',
      language: 'ja',
    });
    expect(order.status).toBe('draft');
    await w.cleanup();
  });
});
