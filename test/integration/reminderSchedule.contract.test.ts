import { MemoryReminderSchedule } from '../../src/reminders/memoryReminderSchedule';
import { RedisReminderSchedule } from '../../src/reminders/redisReminderSchedule';
import { ReminderInputError } from '../../src/reminders/errors';
import type { ReminderSchedule } from '../../src/reminders/reminderSchedule';
import type { RedisClient } from '../../src/storage/redisConnection';
import type { TestRedis } from '../support/redis';
import { redisTargets } from '../support/redisTargets';

/** The shared single node and this file's own 3-master cluster: every script in one slot. */
const REDIS = redisTargets();

interface ScheduleUnderTest {
  schedule: ReminderSchedule;
  cleanup(): Promise<void>;
}

const factories: [string, () => Promise<ScheduleUnderTest>][] = [
  [
    'MemoryReminderSchedule',
    async () => ({ schedule: new MemoryReminderSchedule(), cleanup: async () => undefined }),
  ],
  ...REDIS.map(({ name, connect }): [string, () => Promise<ScheduleUnderTest>] => [
    `RedisReminderSchedule on ${name}`,
    async () => {
      const redis = await connect();
      return {
        schedule: new RedisReminderSchedule(redis.redis, redis.keys),
        cleanup: redis.cleanup,
      };
    },
  ]),
];

const at = (hhmm: string) => `2024-01-22T${hhmm}:00+09:00`;
/** One minute, so that a lease ends at a time `at` can name. */
const LEASE = 60_000;

describe.each(factories)('%s (ReminderSchedule contract)', (_name, create) => {
  let subject: ScheduleUnderTest;
  let schedule: ReminderSchedule;

  beforeEach(async () => {
    subject = await create();
    schedule = subject.schedule;
  });
  afterEach(() => subject.cleanup());

  /** Claims and completes, as a sweep that handled everything it claimed. */
  const take = async (nowIso: string, limit: number): Promise<string[]> => {
    const ids = await schedule.claimDue(nowIso, limit, LEASE);
    await schedule.complete(ids);
    return ids;
  };

  it('claims nothing when nothing is scheduled', async () => {
    expect(await schedule.claimDue(at('12:00'), 10, LEASE)).toEqual([]);
  });

  it('claims due ids oldest first, at most `limit` at a time, each only once when completed', async () => {
    await schedule.schedule([
      { id: 'o3:print:2d', at: at('09:02') },
      { id: 'o1:print:2d', at: at('09:00') },
      { id: 'o2:print:2d', at: at('09:01') },
    ]);
    expect(await take(at('10:00'), 2)).toEqual(['o1:print:2d', 'o2:print:2d']);
    expect(await take(at('10:00'), 2)).toEqual(['o3:print:2d']);
    expect(await take(at('10:00'), 2)).toEqual([]);
  });

  it('claims nothing before its time, and a reminder exactly at its time', async () => {
    await schedule.schedule([
      { id: 'o1:payment:2d', at: at('09:00') },
      { id: 'o1:payment:lastDay09', at: '2024-01-23T09:00:00+09:00' },
    ]);
    expect(await take('2024-01-22T08:59:59.999+09:00', 10)).toEqual([]);
    expect(await take(at('09:00'), 10)).toEqual(['o1:payment:2d']);
    expect(await take('2024-01-23T08:59:59+09:00', 10)).toEqual([]);
    // The same instant written in UTC.
    expect(await take('2024-01-23T00:00:00Z', 10)).toEqual(['o1:payment:lastDay09']);
  });

  it('orders ties by id', async () => {
    await schedule.schedule([
      { id: 'b:print:2d', at: at('09:00') },
      { id: 'a:print:2d', at: at('09:00') },
    ]);
    expect(await take(at('09:00'), 10)).toEqual(['a:print:2d', 'b:print:2d']);
  });

  it('keeps one entry per id, at the time it was last scheduled for', async () => {
    await schedule.schedule([{ id: 'o1:print:2d', at: at('09:00') }]);
    await schedule.schedule([{ id: 'o1:print:2d', at: at('11:00') }]);
    await schedule.schedule([{ id: 'o1:print:2d', at: at('11:00') }]);
    expect(await take(at('10:00'), 10)).toEqual([]);
    expect(await take(at('11:00'), 10)).toEqual(['o1:print:2d']);
    expect(await take(at('23:00'), 10)).toEqual([]);
  });

  it('can be scheduled again after being claimed', async () => {
    await schedule.schedule([{ id: 'o1:print:2d', at: at('09:00') }]);
    expect(await take(at('09:00'), 10)).toEqual(['o1:print:2d']);
    await schedule.schedule([{ id: 'o1:print:2d', at: at('10:00') }]);
    expect(await take(at('10:00'), 10)).toEqual(['o1:print:2d']);
  });

  it('cancels by prefix: one kind of an order, then the whole order, never other orders', async () => {
    await schedule.schedule([
      { id: 'o1:payment:2d', at: at('09:00') },
      { id: 'o1:payment:lastDay09', at: at('09:01') },
      { id: 'o1:print:2d', at: at('09:02') },
      { id: 'o1:print:lastDay09', at: at('09:03') },
      { id: 'o10:payment:2d', at: at('09:04') },
      { id: 'o2:payment:2d', at: at('09:05') },
    ]);
    await schedule.cancel('o1:payment:');
    await schedule.cancel('o3:');
    expect(await take(at('09:02'), 10)).toEqual(['o1:print:2d']);
    await schedule.cancel('o1:');
    expect(await take(at('12:00'), 10)).toEqual(['o10:payment:2d', 'o2:payment:2d']);
  });

  it('cancels an id that was rescheduled', async () => {
    await schedule.schedule([{ id: 'o1:payment:2d', at: at('09:00') }]);
    await schedule.schedule([{ id: 'o1:payment:2d', at: at('10:00') }]);
    await schedule.cancel('o1:payment:');
    expect(await take(at('12:00'), 10)).toEqual([]);
  });

  it('claims a claimed id that was not completed again once its lease ends, not before', async () => {
    await schedule.schedule([
      { id: 'o1:print:2d', at: at('09:00') },
      { id: 'o2:print:2d', at: at('09:30') },
    ]);
    expect(await schedule.claimDue(at('09:00'), 10, LEASE)).toEqual(['o1:print:2d']);
    // Leased until 09:01: another claim in the meantime does not get it.
    expect(await schedule.claimDue('2024-01-22T09:00:59.999+09:00', 10, LEASE)).toEqual([]);
    expect(await schedule.claimDue(at('09:01'), 10, LEASE)).toEqual(['o1:print:2d']);
    // The new claim holds a new lease (to 09:02); lapsed leases come before due ids.
    expect(await schedule.claimDue(at('09:01'), 10, LEASE)).toEqual([]);
    expect(await schedule.claimDue(at('09:30'), 10, LEASE)).toEqual(['o1:print:2d', 'o2:print:2d']);
  });

  it('never claims a completed id again', async () => {
    await schedule.schedule([
      { id: 'o1:print:2d', at: at('09:00') },
      { id: 'o1:print:lastDay09', at: at('09:00') },
    ]);
    const claimed = await schedule.claimDue(at('09:00'), 10, LEASE);
    await schedule.complete(claimed);
    await schedule.complete(claimed);
    await schedule.complete([]);
    expect(await schedule.claimDue(at('23:00'), 10, LEASE)).toEqual([]);
  });

  it('completes only what it is told to; the rest comes back', async () => {
    await schedule.schedule([
      { id: 'o1:print:2d', at: at('09:00') },
      { id: 'o2:print:2d', at: at('09:00') },
    ]);
    expect(await schedule.claimDue(at('09:00'), 10, LEASE)).toEqual(['o1:print:2d', 'o2:print:2d']);
    await schedule.complete(['o1:print:2d']);
    expect(await schedule.claimDue(at('12:00'), 10, LEASE)).toEqual(['o2:print:2d']);
  });

  it('cancels claimed ids too, and an id scheduled again while claimed is pending again', async () => {
    await schedule.schedule([
      { id: 'o1:payment:2d', at: at('09:00') },
      { id: 'o1:payment:expire', at: at('09:00') },
    ]);
    expect(await schedule.claimDue(at('09:00'), 10, LEASE)).toHaveLength(2);
    await schedule.complete(['o1:payment:2d']);
    await schedule.schedule([{ id: 'o1:payment:expire', at: at('10:00') }]);
    // A late completion of the claim before does not remove the entry scheduled anew.
    await schedule.complete(['o1:payment:expire']);
    expect(await schedule.claimDue(at('10:00'), 10, LEASE)).toEqual(['o1:payment:expire']);
    await schedule.cancel('o1:');
    expect(await schedule.claimDue(at('23:00'), 10, LEASE)).toEqual([]);
  });

  it('refuses ids, prefixes, times and limits it cannot use, scheduling nothing', async () => {
    await expect(
      schedule.schedule([
        { id: 'o1:print:2d', at: at('09:00') },
        { id: 'o2:print:2d', at: 'soon' },
      ]),
    ).rejects.toThrow(ReminderInputError);
    await expect(schedule.schedule([{ id: 'no-order-part', at: at('09:00') }])).rejects.toThrow(
      ReminderInputError,
    );
    await expect(schedule.cancel('o1')).rejects.toThrow(ReminderInputError);
    await expect(schedule.claimDue('later', 10, LEASE)).rejects.toThrow(ReminderInputError);
    await expect(schedule.claimDue(at('09:00'), 0, LEASE)).rejects.toThrow(ReminderInputError);
    await expect(schedule.claimDue(at('09:00'), 10, 0)).rejects.toThrow(ReminderInputError);
    expect(await schedule.claimDue(at('12:00'), 10, LEASE)).toEqual([]);
  });
});

describe.each(REDIS.map((target) => [target.name, target] as const))(
  'RedisReminderSchedule with two instances on %s',
  (_name, target) => {
    let shared: TestRedis;
    let second: RedisClient;

    beforeEach(async () => {
      shared = await target.connect();
      second = shared.connect();
    });
    afterEach(async () => {
      second.disconnect();
      await shared.cleanup();
    });

    it('claims every due reminder exactly once in total when both claim at the same time', async () => {
      const one = new RedisReminderSchedule(shared.redis, shared.keys);
      const two = new RedisReminderSchedule(second, shared.keys);
      const base = Date.parse('2024-01-22T00:00:00+09:00');
      const items = Array.from({ length: 500 }, (_, n) => ({
        id: `order${n % 125}:print:${n}`,
        at: new Date(base + (n % 50) * 1000).toISOString(),
      }));
      await one.schedule(items);

      const now = '2024-01-22T01:00:00+09:00';
      const drain = async (instance: ReminderSchedule): Promise<string[]> => {
        const claimed: string[] = [];
        for (;;) {
          const batch = await instance.claimDue(now, 7, LEASE);
          if (batch.length === 0) return claimed;
          claimed.push(...batch);
          await instance.complete(batch);
        }
      };
      const [byOne, byTwo] = await Promise.all([drain(one), drain(two)]);

      expect(byOne.length).toBeGreaterThan(0);
      expect(byTwo.length).toBeGreaterThan(0);
      const all = [...byOne, ...byTwo];
      expect(all).toHaveLength(500);
      expect(new Set(all)).toEqual(new Set(items.map((item) => item.id)));
      // Completed reminders leave no trace behind: nothing pending or claimed, no per-order index.
      expect(await shared.redis.zcard(shared.keys.reminders())).toBe(0);
      expect(await shared.redis.zcard(shared.keys.remindersClaimed())).toBe(0);
      expect(await shared.redis.exists(shared.keys.remindersOf('order0'))).toBe(0);
    });

    it('gives each lapsed lease to one of two instances claiming at the same time', async () => {
      const one = new RedisReminderSchedule(shared.redis, shared.keys);
      const two = new RedisReminderSchedule(second, shared.keys);
      const items = Array.from({ length: 300 }, (_, n) => ({
        id: `order${n % 60}:print:${n}`,
        at: '2024-01-22T00:00:00+09:00',
      }));
      await one.schedule(items);
      // An instance that died holding them all.
      expect(await one.claimDue('2024-01-22T00:00:00+09:00', 300, LEASE)).toHaveLength(300);
      expect(await two.claimDue('2024-01-22T00:00:59+09:00', 300, LEASE)).toEqual([]);

      const now = '2024-01-22T00:01:00+09:00';
      const claimAll = async (instance: ReminderSchedule): Promise<string[]> => {
        const claimed: string[] = [];
        for (;;) {
          const batch = await instance.claimDue(now, 9, LEASE);
          if (batch.length === 0) return claimed;
          claimed.push(...batch);
        }
      };
      const [byOne, byTwo] = await Promise.all([claimAll(one), claimAll(two)]);
      expect(byOne.length).toBeGreaterThan(0);
      expect(byTwo.length).toBeGreaterThan(0);
      expect([...byOne, ...byTwo].sort()).toEqual(items.map((item) => item.id).sort());
    });
  },
);
