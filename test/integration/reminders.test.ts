import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { formatDateTime } from '../../src/i18n/formatDateTime';
import { formatYen } from '../../src/i18n/formatYen';
import type { Texts, Translate } from '../../src/i18n/i18n';
import { isoJst } from '../../src/orders/deadlines';
import { expire } from '../../src/orders/orderTransitions';
import { RedisOrderRepository } from '../../src/orders/redisOrderRepository';
import { ManualClock } from '../../src/platform/clock';
import { REMINDER_LEASE_MS } from '../../src/reminders/deadlineSweeper';
import { RedisReminderSchedule } from '../../src/reminders/redisReminderSchedule';
import { startService, type ServiceHarness } from '../support/appHarness';
import { openForm, submitForm } from '../support/formClient';
import { TEST_REDIS_URL } from '../support/redis';
import { loadTexts } from '../support/texts';
import {
  applyForEnrollment,
  registeredStudent,
  type WebChatStudent,
} from '../support/webChatStudent';

jest.setTimeout(120_000);

/** Sweeps only when a test says so; the start-up sweep still runs. */
const ENV = { REMINDER_SWEEP_INTERVAL_MS: '3600000' };
const APPLIED = '2026-11-24T15:00:00+09:00';
/** Applied 2026-11-24 15:00 JST: pay and print until 2026-12-01 23:59:59, expired from the 2nd. */
const LAST_MINUTE = '2026-12-01T23:59:00+09:00';

/**
 * Automatic deadline reminders and expiry in the whole service (createApp as in production) on
 * real Redis, a web-chat student, and an injected clock that the tests move.
 */
describe('deadline reminders and expiry', () => {
  let texts: Texts;
  let en: Translate;
  let ja: Translate;
  let clock: ManualClock;
  let service: ServiceHarness;
  const extraApps: App[] = [];

  beforeAll(async () => {
    texts = await loadTexts();
    en = texts.t('en');
    ja = texts.t('ja');
  });
  beforeEach(async () => {
    clock = new ManualClock(APPLIED);
    service = await startService(ENV, { clock });
  });
  afterEach(async () => {
    for (const app of extraApps.splice(0)) await app.close();
    await service.close();
  });

  /** Another instance of the service on the same Redis prefix (and, given one, port). */
  async function startInstance(port = 0): Promise<App> {
    const app = await createApp(
      loadConfig({
        ...ENV,
        PORT: String(port),
        PUBLIC_URL: service.base,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: service.redis.prefix,
        SMTP_URL: service.smtp.url,
        LOG_LEVEL: 'silent',
      }),
      { clock },
    );
    extraApps.push(app);
    await app.listen(port, '127.0.0.1');
    return app;
  }

  /** A registered student with one unpaid enrollment certificate (Smart Pit); its order id. */
  async function unpaidOrder(
    locale: string,
  ): Promise<{ student: WebChatStudent; orderId: string; smartPit: string }> {
    const student = await registeredStudent(service.base, service.smtp, locale);
    const pay = await applyForEnrollment(student, en, en('order.method.smartpit'));
    const [order] = await service.app.orders.listForStudent('a0123456');
    expect(order.status).toBe('awaiting_payment');
    return { student, orderId: order.orderId, smartPit: pay.cards?.[0].hero ?? '' };
  }

  const paymentReminder = (t: Translate, language: 'ja' | 'en', orderId: string) =>
    t('reminder.payment', {
      orderId,
      amount: formatYen(400, language),
      time: formatDateTime(LAST_MINUTE, language),
    });

  const sweepAt = (app: App, time: string) => {
    clock.set(time);
    return app.reminders.sweep();
  };

  async function counted(app: App, outcome: string): Promise<number> {
    const { values } = await app.metrics.reminders.get();
    return values.filter((v) => v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
  }

  it('reminds 2 days before and on the morning of the last day, then expires at midnight (ja)', async () => {
    const { app } = service;
    const { student, orderId, smartPit } = await unpaidOrder('ja-JP');

    expect(await sweepAt(app, '2026-11-29T23:59:59+09:00')).toEqual({ reminded: 0, expired: 0 });
    expect(await sweepAt(app, '2026-11-30T00:00:00+09:00')).toEqual({ reminded: 1, expired: 0 });
    const [first, card, menu] = await student.hear(3);
    expect(first.text).toBe(paymentReminder(ja, 'ja', orderId));
    // How to pay, again: the Smart Pit number to take to the store.
    expect(card.cards?.[0].hero).toBe(smartPit);
    expect(menu.text).toBe(ja('menu.prompt'));
    expect(await app.reminders.sweep()).toEqual({ reminded: 0, expired: 0 });

    expect(await sweepAt(app, '2026-12-01T08:59:59+09:00')).toEqual({ reminded: 0, expired: 0 });
    expect(await sweepAt(app, '2026-12-01T09:00:00+09:00')).toEqual({ reminded: 1, expired: 0 });
    const [second] = await student.hear(3);
    expect(second.text).toBe(paymentReminder(ja, 'ja', orderId));

    expect(await sweepAt(app, '2026-12-01T23:59:59+09:00')).toEqual({ reminded: 0, expired: 0 });
    expect((await app.orders.get(orderId))?.status).toBe('awaiting_payment');
    expect(await sweepAt(app, '2026-12-02T00:00:00+09:00')).toEqual({ reminded: 0, expired: 1 });
    expect((await app.orders.get(orderId))?.status).toBe('expired');
    const [expired] = await student.hearTexts(2);
    expect(expired).toBe(
      ja('order.expired', {
        orderId,
        deadline: formatDateTime('2026-12-02T00:00:00+09:00', 'ja'),
      }),
    );
    // Each reminder was said once: nothing else came between them.
    const reminders = student.transcript.filter(
      (m) => m.text === paymentReminder(ja, 'ja', orderId),
    );
    expect(reminders).toHaveLength(2);
    // Nothing of the order is left on the schedule.
    expect(await service.redis.redis.zcard(service.redis.keys.reminders())).toBe(0);
  });

  it('after payment drops the payment reminders and reminds to print, with the number (en)', async () => {
    const { app, redis } = service;
    const { student, orderId, smartPit } = await unpaidOrder('en-US');
    const cashier = await openForm(`${service.base}/pay/smartpit/${smartPit}`);
    expect((await submitForm(service.base, cashier)).status).toBe(200);
    const news = await student.hear(4);
    const number = news[2].cards?.[0].hero ?? '';
    expect(number).toMatch(/^[A-Z0-9]{8}$/);
    expect((await redis.redis.zrange(redis.keys.reminders(), 0, -1)).sort()).toEqual([
      `${orderId}:print:2d`,
      `${orderId}:print:expire`,
      `${orderId}:print:lastDay09`,
    ]);

    expect(await sweepAt(app, '2026-11-30T00:00:00+09:00')).toEqual({ reminded: 1, expired: 0 });
    const [text, card] = await student.hear(3);
    expect(text.text).toBe(
      en('reminder.print', {
        orderId,
        number,
        stores: '7-Eleven',
        time: formatDateTime(LAST_MINUTE, 'en'),
      }),
    );
    expect(card.cards?.[0].hero).toBe(number);
    expect(card.cards?.[0].fields?.[1].value).toBe(
      en('order.until', { time: formatDateTime(LAST_MINUTE, 'en') }),
    );
    expect(await counted(app, 'sent')).toBe(1);
  });

  it('sends a reminder exactly once with two instances sweeping at the same moment', async () => {
    const { app } = service;
    const other = await startInstance();
    const { student, orderId } = await unpaidOrder('en-US');

    clock.set('2026-11-30T00:00:00+09:00');
    const [a, b] = await Promise.all([app.reminders.sweep(), other.reminders.sweep()]);
    expect(a.reminded + b.reminded).toBe(1);
    expect((await counted(app, 'sent')) + (await counted(other, 'sent'))).toBe(1);
    const [reminder] = await student.hear(3);
    expect(reminder.text).toBe(paymentReminder(en, 'en', orderId));

    // Anything queued behind a second copy would come before the answer to this.
    await student.say('help');
    const answer = await student.hearTexts(2);
    expect(answer).not.toContain(paymentReminder(en, 'en', orderId));

    clock.set('2026-12-02T00:00:00+09:00');
    const expiries = await Promise.all([app.reminders.sweep(), other.reminders.sweep()]);
    expect(expiries[0].expired + expiries[1].expired).toBe(1);
    expect((await app.orders.get(orderId))?.status).toBe('expired');
  });

  it('says a reminder and an expiry once when claimed again after their instance died having sent them', async () => {
    const { app, redis } = service;
    const other = await startInstance();
    const { student, orderId } = await unpaidOrder('en-US');
    /** The schedule as an instance leaves it that dies after sending, before completing. */
    const diedHolding = (id: string) =>
      redis.redis.zadd(redis.keys.remindersClaimed(), clock.now().toMillis(), id);
    const expiredText = en('order.expired', {
      orderId,
      deadline: formatDateTime('2026-12-02T00:00:00+09:00', 'en'),
    });

    expect(await sweepAt(app, '2026-11-30T00:00:00+09:00')).toEqual({ reminded: 1, expired: 0 });
    const [reminder] = await student.hear(3);
    expect(reminder.text).toBe(paymentReminder(en, 'en', orderId));
    await diedHolding(`${orderId}:payment:2d`);
    // The other instance claims it again (its lease is over) and queues it: the web chat's
    // delivered-marker drops it.
    expect(await other.reminders.sweep()).toEqual({ reminded: 1, expired: 0 });
    await other.queue.idle();
    // Anything queued behind a second copy would come before the answer to this.
    await student.say('help');
    expect(await student.hearTexts(2)).not.toContain(paymentReminder(en, 'en', orderId));

    expect(await sweepAt(app, '2026-12-02T00:00:00+09:00')).toEqual({ reminded: 0, expired: 1 });
    expect((await student.hearTexts(2))[0]).toBe(expiredText);
    await diedHolding(`${orderId}:payment:expire`);
    // Expiring an expired order does nothing and says nothing.
    expect(await other.reminders.sweep()).toEqual({ reminded: 0, expired: 0 });
    await other.queue.idle();
    await student.say('help');
    expect(await student.hearTexts(2)).not.toContain(expiredText);
    expect(await redis.redis.zcard(redis.keys.remindersClaimed())).toBe(0);
  });

  it('tells an expiry once when its instance died after storing it, before telling the student', async () => {
    const { app, redis } = service;
    const other = await startInstance();
    const { student, orderId } = await unpaidOrder('en-US');
    const id = `${orderId}:payment:expire`;
    const expiredText = en('order.expired', {
      orderId,
      deadline: formatDateTime('2026-12-02T00:00:00+09:00', 'en'),
    });

    // The instance that died: claimed the expiry, stored the order expired, and nothing more.
    clock.set('2026-12-02T00:00:00+09:00');
    const schedule = new RedisReminderSchedule(redis.redis, redis.keys);
    expect(await schedule.claimDue(isoJst(clock.now()), 10, REMINDER_LEASE_MS)).toContain(id);
    const orders = new RedisOrderRepository(redis.redis, redis.keys);
    const open = await orders.get(orderId);
    if (!open) throw new Error('the order is gone');
    expect(await orders.update(open, expire(open, clock.now()))).toBe(true);

    // After the lease the other instance claims it again: nothing to expire, but it tells.
    clock.advance({ milliseconds: REMINDER_LEASE_MS });
    expect(await other.reminders.sweep()).toEqual({ reminded: 0, expired: 0 });
    expect((await student.hearTexts(2))[0]).toBe(expiredText);

    // Claimed once more (that instance too died before completing): nothing said twice.
    await redis.redis.zadd(redis.keys.remindersClaimed(), clock.now().toMillis(), id);
    expect(await app.reminders.sweep()).toEqual({ reminded: 0, expired: 0 });
    await app.queue.idle();
    await student.say('help');
    expect(await student.hearTexts(2)).not.toContain(expiredText);
    expect(await redis.redis.zcard(redis.keys.remindersClaimed())).toBe(0);
  });

  it('after a restart sends the reminder that came due meanwhile, unless the deadline passed', async () => {
    const port = Number(new URL(service.base).port);
    const { student, orderId } = await unpaidOrder('en-US');

    await service.app.close();
    clock.set('2026-11-30T06:00:00+09:00');
    const second = await startInstance(port);
    // Waits for the start-up sweep, which claimed the reminder.
    expect(await second.reminders.sweep()).toEqual({ reminded: 0, expired: 0 });
    expect(await counted(second, 'sent')).toBe(1);
    const [reminder] = await student.hear(3);
    expect(reminder.text).toBe(paymentReminder(en, 'en', orderId));

    await second.close();
    // Past the last-day reminder and the deadline: no reminder, the order expires.
    clock.set('2026-12-02T00:00:01+09:00');
    const third = await startInstance(port);
    await third.reminders.sweep();
    expect(await counted(third, 'sent')).toBe(0);
    expect(await counted(third, 'deadline_passed')).toBe(1);
    expect((await third.orders.get(orderId))?.status).toBe('expired');
    const [expired] = await student.hearTexts(2);
    expect(expired).toMatch(new RegExp(`^Order ${orderId} expired at its deadline`));
  });

  it('reminds no student who turned reminders off in Settings, and again once turned on', async () => {
    const { app } = service;
    const { student, orderId } = await unpaidOrder('en-US');

    await student.say(en('menu.settings'));
    const [state, prompt] = await student.hear(2);
    expect(state.text).toContain(en('settings.remindersOn'));
    expect(prompt.choices?.map((c) => c.label)).toContain(en('settings.turnRemindersOff'));
    await student.say(en('settings.turnRemindersOff'));
    expect(await student.hearTexts(2)).toEqual([
      en('settings.remindersTurnedOff'),
      en('menu.prompt'),
    ]);

    expect(await sweepAt(app, '2026-11-30T00:00:00+09:00')).toEqual({ reminded: 0, expired: 0 });
    expect(await counted(app, 'reminders_off')).toBe(1);

    await student.say(en('menu.settings'));
    const [off, offPrompt] = await student.hear(2);
    expect(off.text).toContain(en('settings.remindersOff'));
    expect(offPrompt.choices?.map((c) => c.label)).toContain(en('settings.turnRemindersOn'));
    await student.say(en('settings.turnRemindersOn'));
    expect(await student.hearTexts(2)).toEqual([
      en('settings.remindersTurnedOn'),
      en('menu.prompt'),
    ]);
    expect(await sweepAt(app, '2026-12-01T09:00:00+09:00')).toEqual({ reminded: 1, expired: 0 });
    const [reminder] = await student.hear(3);
    expect(reminder.text).toBe(paymentReminder(en, 'en', orderId));

    // Expiry does not depend on the setting.
    await student.say(en('menu.settings'));
    await student.hear(2);
    await student.say(en('settings.turnRemindersOff'));
    await student.hear(2);
    expect(await sweepAt(app, '2026-12-02T00:00:00+09:00')).toEqual({ reminded: 0, expired: 1 });
    const [expired] = await student.hearTexts(2);
    expect(expired).toMatch(new RegExp(`^Order ${orderId} expired at its deadline`));
  });
});
