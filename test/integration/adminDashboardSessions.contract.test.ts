import { tokenHash } from '../../src/auth/randomToken';
import { ManualClock } from '../../src/platform/clock';
import { MemoryStaffSessionStore } from '../../src/staff/dashboard/memoryStaffSessionStore';
import { RedisStaffSessionStore } from '../../src/staff/dashboard/redisStaffSessionStore';
import type {
  StaffSessionLimits,
  StaffSessionStore,
} from '../../src/staff/dashboard/staffSessionStore';
import { redisTargets } from '../support/redisTargets';
import { testRedis, type TestRedis } from '../support/redis';

const START = '2026-11-24T09:00:00+09:00';
const LIMITS: StaffSessionLimits = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 };

interface Variant {
  sessions: StaffSessionStore;
  cleanup(): Promise<void>;
}

const REDIS = redisTargets();

const variants: [string, (clock: ManualClock) => Promise<Variant>][] = [
  [
    'memory',
    async (clock) => ({
      sessions: new MemoryStaffSessionStore(clock, LIMITS),
      cleanup: async () => undefined,
    }),
  ],
  ...REDIS.map(({ name, connect }): [string, (clock: ManualClock) => Promise<Variant>] => [
    name,
    async (clock) => {
      const redis = await connect();
      return {
        sessions: new RedisStaffSessionStore(redis.redis, redis.keys, clock, LIMITS),
        cleanup: redis.cleanup,
      };
    },
  ]),
];

describe.each(variants)('staff sessions (%s)', (_name, create) => {
  let clock: ManualClock;
  let variant: Variant;
  let sessions: StaffSessionStore;

  beforeEach(async () => {
    clock = new ManualClock(START);
    variant = await create(clock);
    sessions = variant.sessions;
  });
  afterEach(() => variant.cleanup());

  it('starts a session under a new 256-bit id and reads it back', async () => {
    const id = await sessions.create('staff01');
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await sessions.create('staff01')).not.toBe(id);
    expect(await sessions.resume(id)).toEqual({
      staffId: 'staff01',
      createdAt: clock.now().toMillis(),
    });
  });

  it('knows nothing of a forged, malformed or empty id', async () => {
    await sessions.create('staff01');
    expect(await sessions.resume('A'.repeat(43))).toBeUndefined();
    expect(await sessions.resume('not a token')).toBeUndefined();
    expect(await sessions.resume('')).toBeUndefined();
    await expect(sessions.destroy('not a token')).resolves.toBeUndefined();
  });

  it('ends after the idle time, and every use starts the idle time again', async () => {
    const id = await sessions.create('staff01');
    clock.advance({ minutes: 29 });
    expect(await sessions.resume(id)).toBeDefined();
    clock.advance({ minutes: 29 });
    expect(await sessions.resume(id)).toBeDefined();
    clock.advance({ minutes: 30 });
    expect(await sessions.resume(id)).toBeUndefined();
    // Gone for good: going back in time does not bring it back.
    clock.advance({ minutes: -30 });
    expect(await sessions.resume(id)).toBeUndefined();
  });

  it('ends 12 hours after the login however busy', async () => {
    const id = await sessions.create('staff01');
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      clock.advance({ minutes: 25 });
      expect(await sessions.resume(id)).toBeDefined();
    }
    clock.set(clock.now().set({ hour: 21, minute: 0 }));
    expect(await sessions.resume(id)).toBeUndefined();
  });

  it('ends at logout, leaving other sessions alone', async () => {
    const mine = await sessions.create('staff01');
    const other = await sessions.create('staff01');
    await sessions.destroy(mine);
    expect(await sessions.resume(mine)).toBeUndefined();
    expect(await sessions.resume(other)).toBeDefined();
  });
});

describe('staff sessions in Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(() => redis.cleanup());

  it('stores only the hash of the id, with a TTL no longer than the idle time', async () => {
    const sessions = new RedisStaffSessionStore(
      redis.redis,
      redis.keys,
      new ManualClock(START),
      LIMITS,
    );
    const id = await sessions.create('staff01');
    const stored = await redis.redis.keys(`${redis.prefix}*`);
    expect(stored).toEqual([redis.keys.staffSession(tokenHash(id))]);
    expect(stored[0]).not.toContain(id);
    expect(JSON.stringify(await redis.redis.hgetall(stored[0]))).not.toContain(id);
    const ttl = await redis.redis.pttl(stored[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(LIMITS.idleMs);
  });
});
