import { ManualClock } from '../../src/platform/clock';
import { MemoryPushIdempotency } from '../../src/staff/api/memoryPushIdempotency';
import {
  idempotencyKeyId,
  pushFingerprint,
  type PushIdempotency,
} from '../../src/staff/api/pushIdempotency';
import { RedisPushIdempotency } from '../../src/staff/api/redisPushIdempotency';
import { testRedis, type TestRedis } from '../support/redis';

interface Variant {
  store: PushIdempotency;
  cleanup(): Promise<void>;
}

const variants: [string, (clock: ManualClock) => Promise<Variant>][] = [
  [
    'memory',
    async (clock) => ({ store: new MemoryPushIdempotency(clock), cleanup: async () => undefined }),
  ],
  [
    'redis',
    async (clock) => {
      const redis = await testRedis();
      return {
        store: new RedisPushIdempotency(redis.redis, redis.keys, clock),
        cleanup: redis.cleanup,
      };
    },
  ],
];

const message = { ja: 'お知らせ', en: 'Notice' };

describe.each(variants)('push idempotency keys (%s)', (_name, make) => {
  let clock: ManualClock;
  let variant: Variant;
  let store: PushIdempotency;
  const key = idempotencyKeyId('api:ops', 'retry-1');

  beforeEach(async () => {
    clock = new ManualClock('2026-11-24T15:00:00+09:00');
    variant = await make(clock);
    store = variant.store;
  });
  afterEach(async () => {
    await variant.cleanup();
  });

  it('gives a key to the first request, and tells later ones what it became', async () => {
    expect(await store.claim(key, 'f1')).toEqual({ kind: 'claimed' });
    expect(await store.claim(key, 'f1')).toEqual({ kind: 'pending', fingerprint: 'f1' });
    expect(await store.claim(key, 'f2')).toEqual({ kind: 'pending', fingerprint: 'f1' });
    await store.complete(key, 'f1', 'push-1');
    expect(await store.claim(key, 'f1')).toEqual({
      kind: 'done',
      fingerprint: 'f1',
      pushId: 'push-1',
    });
    // Another token's key with the same text is another key.
    expect(await store.claim(idempotencyKeyId('api:robot', 'retry-1'), 'f1')).toEqual({
      kind: 'claimed',
    });
  });

  it('keeps a started push for 24 hours, then lets the key start a new one', async () => {
    await store.claim(key, 'f1');
    await store.complete(key, 'f1', 'push-1');
    clock.advance({ hours: 23, minutes: 59 });
    expect((await store.claim(key, 'f1')).kind).toBe('done');
    clock.advance({ minutes: 1 });
    expect(await store.claim(key, 'f1')).toEqual({ kind: 'claimed' });
  });

  it('frees a key whose push did not start: released, or abandoned for a minute', async () => {
    await store.claim(key, 'f1');
    await store.release(key);
    expect(await store.claim(key, 'f2')).toEqual({ kind: 'claimed' });
    clock.advance({ seconds: 59 });
    expect((await store.claim(key, 'f2')).kind).toBe('pending');
    clock.advance({ seconds: 1 });
    expect(await store.claim(key, 'f3')).toEqual({ kind: 'claimed' });
  });

  it('gives a key to exactly one of many simultaneous requests', async () => {
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.claim(key, `f${i}`)),
    );
    expect(claims.filter((claim) => claim.kind === 'claimed')).toHaveLength(1);
  });
});

describe('push idempotency keys on Redis', () => {
  let redis: TestRedis;

  beforeEach(async () => {
    redis = await testRedis();
  });
  afterEach(async () => {
    await redis.cleanup();
  });

  it('are stored under the prefix, expiring, and never hold the key itself', async () => {
    const store = new RedisPushIdempotency(
      redis.redis,
      redis.keys,
      new ManualClock('2026-11-24T15:00:00+09:00'),
    );
    const key = idempotencyKeyId('api:ops', 'retry-1');
    await store.claim(key, 'f1');
    await store.complete(key, 'f1', 'push-1');
    const stored = await redis.redis.keys(`${redis.prefix}*`);
    expect(stored).toEqual([redis.keys.staffApiIdempotency(key)]);
    expect(stored[0]).not.toContain('retry-1');
    expect(await redis.redis.get(stored[0])).not.toContain('retry-1');
    expect(await redis.redis.ttl(stored[0])).toBeGreaterThan(23 * 3600);
  });
});

describe('push fingerprints', () => {
  it('are the same for the same push, whatever the order of filter fields', () => {
    const a = pushFingerprint({ filter: { status: 'paid', network: 'netprint' }, message });
    const b = pushFingerprint({ filter: { network: 'netprint', status: 'paid' }, message });
    expect(a).toBe(b);
    expect(pushFingerprint({ filter: { status: 'paid' }, message })).not.toBe(a);
    expect(
      pushFingerprint({
        filter: { status: 'paid', network: 'netprint' },
        message: { ...message, en: 'Other' },
      }),
    ).not.toBe(a);
  });
});
