import { DateTime } from 'luxon';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { isoJst } from '../../src/orders/deadlines';
import { ManualClock } from '../../src/platform/clock';
import { REMINDER_LEASE_MS } from '../../src/reminders/deadlineSweeper';
import { RedisReminderSchedule } from '../../src/reminders/redisReminderSchedule';
import { lineRetryKey } from '../../src/channels/line/lineRetryKey';
import { LINE_SECRET } from '../support/appHarness';
import { FakeLineApi } from '../support/fakeLineApi';
import { freePort } from '../support/freePort';
import { seedLinkedLineStudent, type LinkedLineStudent } from '../support/linkedLineStudent';
import type { TestRedis } from '../support/redis';
import { redisTargets } from '../support/redisTargets';
import {
  killServiceProcess,
  startServiceProcess,
  waitForStart,
  type ServiceProcess,
} from '../support/serviceProcess';

jest.setTimeout(180_000);

/** Sweeps only at start and when a test says so. */
const QUIET = { REMINDER_SWEEP_INTERVAL_MS: '3600000' };

/** A single Redis node and this file's own 3-master cluster. */
const REDIS = redisTargets();

/**
 * A reminder claimed by an instance that dies before the student has it: another instance
 * delivers it, and the student gets it once. Two instances on one Redis and the local LINE API.
 */
describe.each(REDIS.map((target) => [target.name, target] as const))(
  'reminders when an instance dies between claim and send (LINE, %s)',
  (_name, target) => {
    let lineApi: FakeLineApi;
    let redis: TestRedis;
    let schedule: RedisReminderSchedule;
    let student: LinkedLineStudent;
    let dying: ServiceProcess | undefined;
    const apps: App[] = [];

    beforeEach(async () => {
      lineApi = await FakeLineApi.start();
      redis = await target.connect();
      schedule = new RedisReminderSchedule(redis.redis, redis.keys);
      // Printable now (real time); the print deadline is seven days away.
      student = await seedLinkedLineStudent(redis.redis, redis.keys, 'en');
    });
    afterEach(async () => {
      for (const app of apps.splice(0)) await app.close();
      await killServiceProcess(dying);
      dying = undefined;
      await lineApi.close();
      await redis.cleanup();
    });

    const env = (port: number) => ({
      ...QUIET,
      PORT: String(port),
      ...redis.env,
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: lineApi.accessToken,
      LINE_API_BASE_URL: lineApi.baseUrl,
    });

    /** Another instance, in this process, with a clock of its own. */
    async function startInstance(clock: ManualClock): Promise<App> {
      const port = await freePort();
      const app = await createApp(loadConfig({ ...env(port), LOG_LEVEL: 'silent' }), { clock });
      apps.push(app);
      await app.listen(port, '127.0.0.1');
      return app;
    }

    /** The print reminder "2 days before", due a minute ago (real time). */
    async function reminderDue(): Promise<string> {
      const id = `${student.orderId}:print:2d`;
      await schedule.schedule([{ id, at: isoJst(DateTime.now().minus({ minutes: 1 })) }]);
      return id;
    }

    /** Waits for the start-up sweep (a sweep waits for the one running) and the turns it queued. */
    async function settled(app: App): Promise<void> {
      await app.reminders.sweep();
      await app.queue.idle();
    }

    /** How many pushes LINE accepted for the student (after retry-key deduplication). */
    const pushesToStudent = () =>
      lineApi.recipientsOf('push').filter((to) => to === student.lineUserId).length;

    it('kill -9 while the push is in flight: the other instance sends it again, LINE drops the repeat', async () => {
      const id = await reminderDue();
      // LINE accepts the push at once and holds its answer: the sender is still waiting when killed.
      lineApi.delayNext('push', 600_000);
      dying = startServiceProcess({
        ...env(await freePort()),
        LOG_LEVEL: 'info',
        // The test's "now" (shifted under libfaketime, which the service's process does not get).
        CLOCK_START: DateTime.now().toISO() ?? '',
      });
      await waitForStart(dying);
      // Its start-up sweep claims the reminder, queues it, and the turn pushes it.
      const [first] = await lineApi.waitForDelivery(student.lineUserId, 1, 30_000);
      expect(String(first.text)).toContain(student.reservationNumber);
      await killServiceProcess(dying);
      expect(pushesToStudent()).toBe(1);

      // The survivor takes the dead instance's turn over once its lock lapses, and sweeps the
      // schedule after the lease (its clock a minute on).
      const survivor = await startInstance(new ManualClock(DateTime.now().plus({ minutes: 1 })));
      const [again] = await lineApi.waitForCalls('push', 1, 90_000);
      await survivor.reminders.sweep();
      await survivor.queue.idle();

      // The same retry key, derived from the reminder and the chat: LINE answered 409.
      expect(again.status).toBe(409);
      expect(again.retryKey).toBe(lineRetryKey(`chat:reminder:${id}:${student.lineUserId}:0`));
      expect(pushesToStudent()).toBe(1);
      expect(lineApi.callsTo('push').every((call) => call.status === 409)).toBe(true);
      // Nothing of the reminder is left to claim.
      expect(await redis.redis.zcard(redis.keys.reminders())).toBe(0);
      expect(await redis.redis.zcard(redis.keys.remindersClaimed())).toBe(0);
    });

    it('a claim whose instance died is claimed again after its lease, not before, and sent once', async () => {
      const id = await reminderDue();
      const claimedAt = DateTime.now();
      // The instance that died right after claiming: nothing was queued, nothing sent.
      expect(await schedule.claimDue(isoJst(claimedAt), 10, REMINDER_LEASE_MS)).toEqual([id]);

      const clock = new ManualClock(claimedAt);
      const survivor = await startInstance(clock);
      await settled(survivor);
      clock.advance({ milliseconds: REMINDER_LEASE_MS - 1 });
      expect(await survivor.reminders.sweep()).toEqual({ reminded: 0, expired: 0 });
      await survivor.queue.idle();
      expect(pushesToStudent()).toBe(0);

      clock.advance({ milliseconds: 1 });
      expect(await survivor.reminders.sweep()).toEqual({ reminded: 1, expired: 0 });
      await survivor.queue.idle();
      expect(pushesToStudent()).toBe(1);
      expect(String(lineApi.messagesTo(student.lineUserId)[0].text)).toContain(
        student.reservationNumber,
      );

      // Completed: a second instance sweeping later sends nothing.
      const later = await startInstance(new ManualClock(claimedAt.plus({ minutes: 5 })));
      expect(await later.reminders.sweep()).toEqual({ reminded: 0, expired: 0 });
      await later.queue.idle();
      expect(pushesToStudent()).toBe(1);
    });

    it('a reminder sent before its instance died, claimed again: the delivered-marker keeps it from LINE', async () => {
      const id = await reminderDue();
      const clock = new ManualClock(DateTime.now());
      const first = await startInstance(clock);
      await settled(first);
      expect(pushesToStudent()).toBe(1);
      const pushes = lineApi.callsTo('push').length;

      // As if the instance had died after sending, before completing: claimed, lease over.
      await redis.redis.zadd(redis.keys.remindersClaimed(), clock.now().toMillis(), id);
      expect(await first.reminders.sweep()).toEqual({ reminded: 1, expired: 0 });
      await first.queue.idle();
      // Not even asked of LINE: the marker said it was delivered.
      expect(lineApi.callsTo('push')).toHaveLength(pushes);
      expect(pushesToStudent()).toBe(1);
    });
  },
);
