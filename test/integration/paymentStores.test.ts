import { ManualClock } from '../../src/platform/clock';
import { DemoCheckoutGateway } from '../../src/payments/demoCheckoutGateway';
import { MemoryPaymentReferenceStore } from '../../src/payments/memoryPaymentReferenceStore';
import {
  PAYMENT_REFERENCE_RETAIN_MS,
  type PaymentReferenceRecord,
  type PaymentReferenceStore,
} from '../../src/payments/paymentReferenceStore';
import { PaymentReferenceTakenError, InvalidPaymentAmountError } from '../../src/payments/errors';
import { RedisPaymentReferenceStore } from '../../src/payments/redisPaymentReferenceStore';
import { SmartPitGateway } from '../../src/payments/smartPitGateway';
import { testRedis, type TestRedis } from '../support/redis';
import { awaitingOrder, DEADLINE } from '../support/paymentTestServer';

const RECORD: PaymentReferenceRecord = {
  method: 'smartpit',
  orderId: 'C24011600001',
  amount: 1200,
  language: 'en',
  expiresAt: DEADLINE,
  transactionId: 'cashier-1234567890123',
};

interface Variant {
  store: PaymentReferenceStore;
  redis?: TestRedis;
  cleanup(): Promise<void>;
}

const variants: [string, (clock: ManualClock) => Promise<Variant>][] = [
  [
    'memory',
    async (clock) => ({
      store: new MemoryPaymentReferenceStore(clock),
      cleanup: async () => undefined,
    }),
  ],
  [
    'redis',
    async (clock) => {
      const redis = await testRedis();
      return {
        store: new RedisPaymentReferenceStore(redis.redis, redis.keys, clock),
        redis,
        cleanup: redis.cleanup,
      };
    },
  ],
];

describe.each(variants)('payment reference store (%s)', (_name, make) => {
  let clock: ManualClock;
  let variant: Variant;

  beforeEach(async () => {
    clock = new ManualClock('2024-01-16T15:05:00+09:00');
    variant = await make(clock);
  });

  afterEach(async () => {
    await variant.cleanup();
  });

  it('keeps a record and gives back an equal copy', async () => {
    expect(await variant.store.add('1234567890123', RECORD)).toBe(true);
    expect(await variant.store.get('1234567890123')).toEqual(RECORD);
    expect(await variant.store.get('9999999999999')).toBeUndefined();
  });

  it('never replaces a reference that is taken (two draws of one number)', async () => {
    expect(await variant.store.add('1234567890123', RECORD)).toBe(true);
    const other = { ...RECORD, orderId: 'C24011600002', amount: 400 };
    expect(await variant.store.add('1234567890123', other)).toBe(false);
    expect(await variant.store.get('1234567890123')).toEqual(RECORD);
  });

  it('of concurrent adds of one reference, exactly one wins', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        variant.store.add('5555555555555', { ...RECORD, orderId: `C2401160000${i}` }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('remembers a reference past its deadline (to say "too late"), then forgets it', async () => {
    await variant.store.add('1234567890123', RECORD);
    clock.set('2024-02-01T00:00:00+09:00');
    expect(await variant.store.get('1234567890123')).toEqual(RECORD);
    if (variant.redis) {
      const key = variant.redis.keys.paymentReference('1234567890123');
      const ttl = await variant.redis.redis.pttl(key);
      const expected =
        Date.parse(DEADLINE) +
        PAYMENT_REFERENCE_RETAIN_MS -
        Date.parse('2024-01-16T15:05:00+09:00');
      expect(ttl).toBeGreaterThan(expected - 60_000);
      expect(ttl).toBeLessThanOrEqual(expected);
      expect(key.startsWith(variant.redis.prefix)).toBe(true);
    } else {
      clock.set(new Date(Date.parse(DEADLINE) + PAYMENT_REFERENCE_RETAIN_MS).toISOString());
      expect(await variant.store.get('1234567890123')).toBeUndefined();
    }
  });

  it('Smart Pit draws another number when one is taken, and gives up after ten tries', async () => {
    const draws = ['1111111111111', '1111111111111', '2222222222222'];
    const gateway = new SmartPitGateway(variant.store, () => draws.shift() ?? '1111111111111');
    const first = await gateway.start(awaitingOrder({ orderId: 'C24011600001' }));
    const second = await gateway.start(awaitingOrder({ orderId: 'C24011600002', totalFee: 400 }));
    expect(first).toEqual({
      kind: 'cash',
      reference: '1111111111111',
      smartPitNumber: '1111111111111',
    });
    expect(second).toEqual({
      kind: 'cash',
      reference: '2222222222222',
      smartPitNumber: '2222222222222',
    });
    expect(await variant.store.get('2222222222222')).toMatchObject({
      method: 'smartpit',
      orderId: 'C24011600002',
      amount: 400,
      expiresAt: DEADLINE,
    });
    await expect(gateway.start(awaitingOrder({ orderId: 'C24011600003' }))).rejects.toBeInstanceOf(
      PaymentReferenceTakenError,
    );
  });

  it('gateways refuse a total that is not a positive whole number of yen', async () => {
    const smartPit = new SmartPitGateway(variant.store);
    const demo = new DemoCheckoutGateway(variant.store, 'http://localhost:3978');
    for (const totalFee of [0, -400, 400.5, Number.NaN]) {
      await expect(smartPit.start(awaitingOrder({ totalFee }))).rejects.toBeInstanceOf(
        InvalidPaymentAmountError,
      );
      await expect(demo.start(awaitingOrder({ totalFee }))).rejects.toBeInstanceOf(
        InvalidPaymentAmountError,
      );
    }
  });
});

describe('Redis payment reference store', () => {
  let redis: TestRedis;

  beforeEach(async () => {
    redis = await testRedis();
  });

  afterEach(async () => {
    await redis.cleanup();
  });

  it('ignores a stored value it did not write', async () => {
    const store = new RedisPaymentReferenceStore(
      redis.redis,
      redis.keys,
      new ManualClock('2024-01-16T15:05:00+09:00'),
    );
    const key = redis.keys.paymentReference('7777777777777');
    for (const junk of ['not json', '{"method":"cash","orderId":"x"}', 'null', '[]']) {
      await redis.redis.set(key, junk);
      expect(await store.get('7777777777777')).toBeUndefined();
    }
    await redis.redis.set(key, JSON.stringify(RECORD));
    expect(await store.get('7777777777777')).toEqual(RECORD);
  });
});
