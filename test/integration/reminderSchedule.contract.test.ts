import Redis from 'ioredis';
import { MemoryReminderSchedule } from '../../src/reminders/memoryReminderSchedule';
import { RedisReminderSchedule } from '../../src/reminders/redisReminderSchedule';
import { ReminderInputError } from '../../src/reminders/errors';
import type { ReminderSchedule } from '../../src/reminders/reminderSchedule';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';

interface ScheduleUnderTest {
  schedule: ReminderSchedule;
  cleanup(): Promise<void>;
}

const factories: [string, () => Promise<ScheduleUnderTest>][] = [
  [
    'MemoryReminderSchedule',
    async () => ({ schedule: new MemoryReminderSchedule(), cleanup: async () => undefined }),
  ],
  [
    'RedisReminderSchedule',
    async () => {
      const redis = await testRedis();
      return {
        schedule: new RedisReminderSchedule(redis.redis, redis.keys),
        cleanup: redis.cleanup,
      };
    },
  ],
];

const at = (hhmm: string) => `2024-01-22T${hhmm}:00+09:00`;

describe.each(factories)('%s (ReminderSchedule contract)', (_name, create) => {
  let subject: ScheduleUnderTest;
  let schedule: ReminderSchedule;

  beforeEach(async () => {
    subject = await create();
    schedule = subject.schedule;
  });
  afterEach(() => subject.cleanup());

  it('claims nothing when nothing is scheduled', async () => {
    expect(await schedule.claimDue(at('12:00'), 10)).toEqual([]);
  });

  it('claims due ids oldest first, at most `limit` at a time, each only once', async () => {
    await schedule.schedule([
      { id: 'o3:print:2d', at: at('09:02') },
      { id: 'o1:print:2d', at: at('09:00') },
      { id: 'o2:print:2d', at: at('09:01') },
    ]);
    expect(await schedule.claimDue(at('10:00'), 2)).toEqual(['o1:print:2d', 'o2:print:2d']);
    expect(await schedule.claimDue(at('10:00'), 2)).toEqual(['o3:print:2d']);
    expect(await schedule.claimDue(at('10:00'), 2)).toEqual([]);
  });

  it('claims nothing before its time, and a reminder exactly at its time', async () => {
    await schedule.schedule([
      { id: 'o1:payment:2d', at: at('09:00') },
      { id: 'o1:payment:lastDay09', at: '2024-01-23T09:00:00+09:00' },
    ]);
    expect(await schedule.claimDue('2024-01-22T08:59:59.999+09:00', 10)).toEqual([]);
    expect(await schedule.claimDue(at('09:00'), 10)).toEqual(['o1:payment:2d']);
    expect(await schedule.claimDue('2024-01-23T08:59:59+09:00', 10)).toEqual([]);
    // The same instant written in UTC.
    expect(await schedule.claimDue('2024-01-23T00:00:00Z', 10)).toEqual(['o1:payment:lastDay09']);
  });

  it('orders ties by id', async () => {
    await schedule.schedule([
      { id: 'b:print:2d', at: at('09:00') },
      { id: 'a:print:2d', at: at('09:00') },
    ]);
    expect(await schedule.claimDue(at('09:00'), 10)).toEqual(['a:print:2d', 'b:print:2d']);
  });

  it('keeps one entry per id, at the time it was last scheduled for', async () => {
    await schedule.schedule([{ id: 'o1:print:2d', at: at('09:00') }]);
    await schedule.schedule([{ id: 'o1:print:2d', at: at('11:00') }]);
    await schedule.schedule([{ id: 'o1:print:2d', at: at('11:00') }]);
    expect(await schedule.claimDue(at('10:00'), 10)).toEqual([]);
    expect(await schedule.claimDue(at('11:00'), 10)).toEqual(['o1:print:2d']);
    expect(await schedule.claimDue(at('23:00'), 10)).toEqual([]);
  });

  it('can be scheduled again after being claimed', async () => {
    await schedule.schedule([{ id: 'o1:print:2d', at: at('09:00') }]);
    expect(await schedule.claimDue(at('09:00'), 10)).toEqual(['o1:print:2d']);
    await schedule.schedule([{ id: 'o1:print:2d', at: at('10:00') }]);
    expect(await schedule.claimDue(at('10:00'), 10)).toEqual(['o1:print:2d']);
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
    expect(await schedule.claimDue(at('09:02'), 10)).toEqual(['o1:print:2d']);
    await schedule.cancel('o1:');
    expect(await schedule.claimDue(at('12:00'), 10)).toEqual(['o10:payment:2d', 'o2:payment:2d']);
  });

  it('cancels an id that was rescheduled', async () => {
    await schedule.schedule([{ id: 'o1:payment:2d', at: at('09:00') }]);
    await schedule.schedule([{ id: 'o1:payment:2d', at: at('10:00') }]);
    await schedule.cancel('o1:payment:');
    expect(await schedule.claimDue(at('12:00'), 10)).toEqual([]);
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
    await expect(schedule.claimDue('later', 10)).rejects.toThrow(ReminderInputError);
    await expect(schedule.claimDue(at('09:00'), 0)).rejects.toThrow(ReminderInputError);
    expect(await schedule.claimDue(at('12:00'), 10)).toEqual([]);
  });
});

describe('RedisReminderSchedule with two instances', () => {
  let shared: TestRedis;
  let second: Redis;

  beforeEach(async () => {
    shared = await testRedis();
    second = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
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
        const batch = await instance.claimDue(now, 7);
        if (batch.length === 0) return claimed;
        claimed.push(...batch);
      }
    };
    const [byOne, byTwo] = await Promise.all([drain(one), drain(two)]);

    expect(byOne.length).toBeGreaterThan(0);
    expect(byTwo.length).toBeGreaterThan(0);
    const all = [...byOne, ...byTwo];
    expect(all).toHaveLength(500);
    expect(new Set(all)).toEqual(new Set(items.map((item) => item.id)));
    // Claimed reminders leave no trace behind: nothing pending, no per-order index left over.
    expect(await shared.redis.zcard(shared.keys.reminders())).toBe(0);
    expect(await shared.redis.exists(shared.keys.remindersOf('order0'))).toBe(0);
  });
});
