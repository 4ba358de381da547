import { MemorySsoStateStore } from '../../src/auth/memorySsoStateStore';
import { RedisSsoStateStore } from '../../src/auth/redisSsoStateStore';
import type { SsoStateStore } from '../../src/auth/ssoStateStore';
import { ManualClock } from '../../src/platform/clock';
import type { TestRedis } from '../support/redis';
import { redisTargets } from '../support/redisTargets';

const KEY = 'ONELOGIN_4fee3b046395c4e751011e97f8900b5273d56685';

/** One contract for both stores of pending single sign-ons (SAML request ids, OIDC states). */
const REDIS = redisTargets();

describe.each(['memory', ...REDIS.map((target) => target.name)])('SsoStateStore (%s)', (kind) => {
  let clock: ManualClock;
  let store: SsoStateStore;
  let redis: TestRedis | undefined;

  beforeEach(async () => {
    clock = new ManualClock('2026-11-24T15:00:00+09:00');
    const target = REDIS.find((candidate) => candidate.name === kind);
    if (target) {
      redis = await target.connect();
      store = new RedisSsoStateStore(redis.redis, redis.keys);
    } else {
      store = new MemorySsoStateStore(clock);
    }
  });
  afterEach(async () => {
    await redis?.cleanup();
    redis = undefined;
  });

  it('gives a state back once, with its details', async () => {
    const state = { requestId: 'r'.repeat(43), details: { nonce: 'n1', verifier: 'v1' } };
    await store.put(KEY, state, 600);
    expect(await store.take(KEY)).toEqual(state);
    // A replayed answer finds nothing.
    expect(await store.take(KEY)).toBeUndefined();
  });

  it('knows nothing of unknown, malformed or oversized keys', async () => {
    expect(await store.take('_unknown-state-1')).toBeUndefined();
    expect(await store.take('short')).toBeUndefined();
    expect(await store.take('has space in it')).toBeUndefined();
    expect(await store.take('x'.repeat(5000))).toBeUndefined();
    await expect(store.put('bad key!', { requestId: 'r' }, 60)).rejects.toThrow(RangeError);
  });

  it('forgets a state when it expires', async () => {
    await store.put(KEY, { requestId: 'r1' }, 1);
    if (kind === 'memory') clock.advance({ seconds: 1 });
    else await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await store.take(KEY)).toBeUndefined();
  });

  it('gives one state to only one of many concurrent callbacks', async () => {
    await store.put(KEY, { requestId: 'r1' }, 600);
    const taken = await Promise.all(Array.from({ length: 20 }, () => store.take(KEY)));
    expect(taken.filter((value) => value !== undefined)).toEqual([{ requestId: 'r1' }]);
  });

  if (kind === 'redis') {
    it('keeps only the hash of the state in the key, with a TTL', async () => {
      await store.put(KEY, { requestId: 'r1' }, 600);
      const keys = await redis!.redis.keys(`${redis!.prefix}*`);
      expect(keys).toHaveLength(1);
      expect(keys[0]).not.toContain(KEY);
      expect(await redis!.redis.ttl(keys[0])).toBeGreaterThan(590);
    });
  }
});
