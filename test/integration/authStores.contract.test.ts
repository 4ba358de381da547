import type { AccountLinkNonces } from '../../src/auth/accountLinkNonces';
import type { LoginAttemptLimiter } from '../../src/auth/loginAttemptLimiter';
import type { LoginRequest, LoginRequestStore } from '../../src/auth/loginRequest';
import { MemoryAccountLinkNonces } from '../../src/auth/memoryAccountLinkNonces';
import { MemoryLoginAttemptLimiter } from '../../src/auth/memoryLoginAttemptLimiter';
import { MemoryLoginRequestStore } from '../../src/auth/memoryLoginRequestStore';
import { tokenHash } from '../../src/auth/randomToken';
import { RedisAccountLinkNonces } from '../../src/auth/redisAccountLinkNonces';
import { RedisLoginAttemptLimiter } from '../../src/auth/redisLoginAttemptLimiter';
import { RedisLoginRequestStore } from '../../src/auth/redisLoginRequestStore';
import { ManualClock } from '../../src/platform/clock';
import { redisTargets } from '../support/redisTargets';
import { type TestRedis } from '../support/redis';
import { TARO as ENTRY } from '../support/demoStudents';

const START = '2024-01-16T15:00:00+09:00';
const LIMITS = {
  perStudentId: { max: 3, windowSeconds: 900 },
  perAddress: { max: 5, windowSeconds: 900 },
};

interface Stores {
  requests: LoginRequestStore;
  nonces: AccountLinkNonces;
  limiter: LoginAttemptLimiter;
  /** The Redis of the Redis variant, to look at what is stored. */
  redis?: TestRedis;
  cleanup(): Promise<void>;
}

const REDIS = redisTargets();

const variants: [string, (clock: ManualClock) => Promise<Stores>][] = [
  [
    'memory',
    async (clock) => ({
      requests: new MemoryLoginRequestStore(clock),
      nonces: new MemoryAccountLinkNonces(clock),
      limiter: new MemoryLoginAttemptLimiter(clock, LIMITS),
      cleanup: async () => undefined,
    }),
  ],
  ...REDIS.map(({ name, connect }): [string, (clock: ManualClock) => Promise<Stores>] => [
    name,
    async (clock) => {
      const redis = await connect();
      return {
        requests: new RedisLoginRequestStore(redis.redis, redis.keys, clock),
        nonces: new RedisAccountLinkNonces(redis.redis, redis.keys, clock),
        limiter: new RedisLoginAttemptLimiter(redis.redis, redis.keys, clock, LIMITS),
        redis,
        cleanup: redis.cleanup,
      };
    },
  ]),
];

const draft = (): Omit<LoginRequest, 'id' | 'expiresAt'> => ({
  account: { channel: 'webchat', accountId: 'session-1' },
  reference: { conversation: { id: 'conv-1' } as never, serviceUrl: 'http://127.0.0.1/' },
  language: 'en',
});

describe.each(variants)('auth stores contract: %s', (name, create) => {
  let clock: ManualClock;
  let stores: Stores;

  beforeEach(async () => {
    clock = new ManualClock(START);
    stores = await create(clock);
  });
  afterEach(() => stores.cleanup());

  describe('LoginRequestStore', () => {
    test('creates a request with a ≥128-bit id, expiring in 10 minutes (JST)', async () => {
      const created = await stores.requests.create(draft());
      expect(created.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created.expiresAt).toBe('2024-01-16T15:10:00.000+09:00');
      expect(created).toMatchObject(draft());
      const other = await stores.requests.create(draft());
      expect(other.id).not.toBe(created.id);
    });

    test('peeks as often as asked, then takes exactly once', async () => {
      const created = await stores.requests.create({ ...draft(), linkToken: 'link-token-1' });
      expect(await stores.requests.peek(created.id)).toEqual(created);
      expect(await stores.requests.peek(created.id)).toEqual(created);
      expect(await stores.requests.take(created.id)).toEqual(created);
      expect(await stores.requests.take(created.id)).toBeUndefined();
      expect(await stores.requests.peek(created.id)).toBeUndefined();
    });

    test('of parallel takes only one gets the request', async () => {
      const created = await stores.requests.create(draft());
      const takes = await Promise.all(
        Array.from({ length: 8 }, () => stores.requests.take(created.id)),
      );
      expect(takes.filter((taken) => taken !== undefined)).toHaveLength(1);
    });

    test('is void once the clock reaches expiresAt', async () => {
      const created = await stores.requests.create(draft());
      clock.advance({ minutes: 9, seconds: 59 });
      expect(await stores.requests.peek(created.id)).toEqual(created);
      clock.advance({ seconds: 1 });
      expect(await stores.requests.peek(created.id)).toBeUndefined();
      expect(await stores.requests.take(created.id)).toBeUndefined();
    });

    test('knows nothing of unknown, forged or malformed ids', async () => {
      await stores.requests.create(draft());
      for (const id of ['', 'x', 'A'.repeat(43), '../../etc', 'a'.repeat(500)]) {
        expect(await stores.requests.peek(id)).toBeUndefined();
        expect(await stores.requests.take(id)).toBeUndefined();
      }
    });

    test('hands out copies that do not change what is stored', async () => {
      const created = await stores.requests.create(draft());
      created.account.accountId = 'someone-else';
      const peeked = await stores.requests.peek(created.id);
      expect(peeked?.account.accountId).toBe('session-1');
    });
  });

  describe('AccountLinkNonces', () => {
    const binding = { studentId: 'a0123456', lineUserId: 'U0123456789abcdef', entry: ENTRY };

    test('issues ≥128-bit nonces, each consumed once', async () => {
      const nonce = await stores.nonces.issue(binding);
      expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await stores.nonces.issue(binding)).not.toBe(nonce);
      expect(await stores.nonces.consume(nonce)).toEqual(binding);
      expect(await stores.nonces.consume(nonce)).toBeUndefined();
    });

    test('of parallel consumes only one gets the binding', async () => {
      const nonce = await stores.nonces.issue(binding);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => stores.nonces.consume(nonce)),
      );
      expect(results.filter((r) => r !== undefined)).toEqual([binding]);
    });

    test('expires after 10 minutes on the injected clock', async () => {
      const kept = await stores.nonces.issue(binding);
      const late = await stores.nonces.issue(binding);
      clock.advance({ minutes: 9 });
      expect(await stores.nonces.consume(kept)).toEqual(binding);
      clock.advance({ minutes: 1 });
      expect(await stores.nonces.consume(late)).toBeUndefined();
    });

    test('refuses unknown and forged nonces', async () => {
      const nonce = await stores.nonces.issue(binding);
      const forged = nonce.slice(0, -1) + (nonce.endsWith('A') ? 'B' : 'A');
      expect(await stores.nonces.consume(forged)).toBeUndefined();
      expect(await stores.nonces.consume('')).toBeUndefined();
      expect(await stores.nonces.consume('short')).toBeUndefined();
      expect(await stores.nonces.consume(nonce)).toEqual(binding);
    });
  });

  describe('LoginAttemptLimiter', () => {
    const attempt = (studentId: string, address = '203.0.113.7') => ({ studentId, address });

    test('allows the configured number of attempts per ID at one address, then refuses there only', async () => {
      for (let i = 0; i < 3; i++)
        expect(await stores.limiter.acquire(attempt('a0123456'))).toBe(true);
      expect(await stores.limiter.acquire(attempt('a0123456'))).toBe(false);
      // Failures elsewhere never lock the student out: another address still gets its tries.
      expect(await stores.limiter.acquire(attempt('a0123456', '198.51.100.1'))).toBe(true);
      expect(await stores.limiter.acquire(attempt('b0654321'))).toBe(true);
    });

    test('limits one address across IDs', async () => {
      for (let i = 0; i < 5; i++) expect(await stores.limiter.acquire(attempt(`x${i}`))).toBe(true);
      expect(await stores.limiter.acquire(attempt('another'))).toBe(false);
      expect(await stores.limiter.acquire(attempt('another', '198.51.100.1'))).toBe(true);
    });

    test('a success forgets the ID and gives the address its attempt back', async () => {
      for (let i = 0; i < 2; i++) await stores.limiter.acquire(attempt('a0123456'));
      await stores.limiter.acquire(attempt('a0123456'));
      await stores.limiter.succeeded(attempt('a0123456'));
      for (let i = 0; i < 3; i++)
        expect(await stores.limiter.acquire(attempt('a0123456'))).toBe(true);
      // 3 before + 3 after − 1 returned = 5: the address is now at its limit.
      expect(await stores.limiter.acquire(attempt('other'))).toBe(false);
    });

    test('a refused attempt is not counted, and the window reopens on the clock', async () => {
      for (let i = 0; i < 3; i++) await stores.limiter.acquire(attempt('a0123456'));
      for (let i = 0; i < 5; i++)
        expect(await stores.limiter.acquire(attempt('a0123456'))).toBe(false);
      expect(await stores.limiter.acquire(attempt('b', '198.51.100.9'))).toBe(true);
      clock.advance({ minutes: 14, seconds: 59 });
      expect(await stores.limiter.acquire(attempt('a0123456'))).toBe(false);
      clock.advance({ seconds: 1 });
      expect(await stores.limiter.acquire(attempt('a0123456'))).toBe(true);
    });

    test('parallel attempts never pass the limit', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => stores.limiter.acquire(attempt('a0123456'))),
      );
      expect(results.filter(Boolean)).toHaveLength(3);
    });
  });

  if (name === 'redis') {
    test('keeps only hashes of ids and nonces in keys, each with a TTL of 10 minutes', async () => {
      const { redis, keys } = stores.redis!;
      const request = await stores.requests.create(draft());
      const nonce = await stores.nonces.issue({
        studentId: 'a0123456',
        lineUserId: 'U1',
        entry: ENTRY,
      });
      const found = await redis.keys(`${keys.prefix}*`);
      expect(found.some((key) => key.includes(request.id) || key.includes(nonce))).toBe(false);
      for (const key of [
        keys.loginRequest(tokenHash(request.id)),
        keys.accountLinkNonce(tokenHash(nonce)),
      ]) {
        const ttl = await redis.ttl(key);
        expect(ttl).toBeGreaterThan(590);
        expect(ttl).toBeLessThanOrEqual(600);
      }
    });

    test('limiter counters expire with their window', async () => {
      const { redis, keys } = stores.redis!;
      await stores.limiter.acquire({ studentId: 'a0123456', address: '203.0.113.7' });
      const ttl = await redis.pttl(keys.loginAttempts('203.0.113.7', 'a0123456'));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(900_000);
    });

    test('an unreadable stored request counts as none', async () => {
      const { redis, keys } = stores.redis!;
      const request = await stores.requests.create(draft());
      await redis.set(keys.loginRequest(tokenHash(request.id)), 'not json');
      expect(await stores.requests.peek(request.id)).toBeUndefined();
    });
  }
});
