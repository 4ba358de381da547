import { DateTime } from 'luxon';
import { RedisWebChatOutbox } from '../../src/channels/webchat/redisWebChatOutbox';
import { ManualClock } from '../../src/platform/clock';
import type { PushJob } from '../../src/staff/staffDesk';
import { startService, type ServiceHarness } from '../support/appHarness';
import { seedStudents, type SeededStudent } from '../support/staffFixtures';

const APPLIED = DateTime.fromISO('2026-11-24T15:00:00', { zone: 'Asia/Tokyo' });

describe('staff desk (the whole service on Redis)', () => {
  let service: ServiceHarness;
  let clock: ManualClock;
  let outbox: RedisWebChatOutbox;
  let seeded: SeededStudent[];

  beforeAll(async () => {
    clock = new ManualClock(APPLIED.plus({ hours: 1 }));
    service = await startService({}, { clock });
    const { redis, keys } = service.redis;
    outbox = new RedisWebChatOutbox(redis, keys);
    seeded = await seedStudents(
      redis,
      keys,
      [
        { studentId: 'a1000001', channel: 'webchat', language: 'ja' },
        { studentId: 'a1000002', channel: 'webchat', language: 'en', certificateId: 'transcript' },
        { studentId: 'a1000003', channel: 'webchat', language: 'ja', network: 'networkprint' },
        { studentId: 'a1000004', channel: 'webchat', language: 'en', reachable: false },
        { studentId: 'a1000005', channel: 'webchat', language: 'ja', draft: true },
      ],
      APPLIED,
    );
    for (const student of seeded) await outbox.open(student.account.accountId, {});
  });
  afterAll(() => service.close());

  const ids = async (filter: Parameters<ServiceHarness['app']['staff']['listOrders']>[0]) =>
    (await service.app.staff.listOrders(filter, 100)).orders.map((o) => o.studentId).sort();

  it('finds orders by status, certificate, store, deadline and student', async () => {
    expect(await ids({})).toEqual(['a1000001', 'a1000002', 'a1000003', 'a1000004', 'a1000005']);
    expect(await ids({ status: 'draft' })).toEqual(['a1000005']);
    expect(await ids({ certificateId: 'transcript' })).toEqual(['a1000002']);
    expect(await ids({ network: 'networkprint' })).toEqual(['a1000003']);
    expect(await ids({ studentId: 'a1000002' })).toEqual(['a1000002']);
    // Applied 24 Nov 15:00 → payment deadline 2 Dec 00:00 JST; now is 24 Nov 16:00 (176 h before).
    expect(await ids({ deadlineWithinHours: 175 })).toEqual([]);
    expect(await ids({ deadlineWithinHours: 176 })).toEqual([
      'a1000001',
      'a1000002',
      'a1000003',
      'a1000004',
    ]);
    expect(
      await ids({ deadlineWithinHours: 176, status: 'awaiting_payment', network: 'netprint' }),
    ).toEqual(['a1000001', 'a1000002', 'a1000004']);
  });

  it('says when a page does not hold every match', async () => {
    const page = await service.app.staff.listOrders({}, 2);
    expect(page.orders).toHaveLength(2);
    expect(page.truncated).toBe(true);
    expect((await service.app.staff.listOrders({}, 5)).truncated).toBe(false);
  });

  it('previews who a push reaches and the exact text in both languages', async () => {
    const preview = await service.app.staff.previewPush(
      { status: 'awaiting_payment' },
      { ja: '窓口は明日休みです。', en: 'The office is closed tomorrow.' },
    );
    expect(preview.audience).toEqual({
      students: 4,
      byChannel: { line: 0, webchat: 3, msteams: 0 },
      blocked: 0,
      unreachable: 1,
    });
    expect(preview.texts.ja).toBe('【証明書発行窓口からのお知らせ】\n窓口は明日休みです。');
    expect(preview.texts.en).toBe(
      '[Notice from the Certificate Office]\nThe office is closed tomorrow.',
    );
  });

  it('pushes to each student in their language, reports, and audits', async () => {
    const message = { ja: '締切が近づいています。', en: 'Your deadline is near.' };
    const started = await service.app.staff.startPush(
      'staff01',
      { status: 'awaiting_payment' },
      message,
    );
    expect(started.status).toBe('running');
    expect(started.recipients).toBe(3);
    await service.app.staff.idle();
    const job = (await service.app.staff.getPush(started.pushId)) as PushJob;
    expect(job.status).toBe('done');
    expect(job.report.webchat).toEqual({ sent: 3, failed: 0, blocked: 0 });
    expect(job.finishedAt).toBeDefined();

    const texts = async (studentId: string) => {
      const student = seeded.find((s) => s.studentId === studentId) as SeededStudent;
      return (await outbox.read(student.account.accountId, 0)).map((m) => m.text);
    };
    expect(await texts('a1000001')).toEqual([
      '【証明書発行窓口からのお知らせ】\n締切が近づいています。',
    ]);
    expect(await texts('a1000002')).toEqual([
      '[Notice from the Certificate Office]\nYour deadline is near.',
    ]);
    // The draft's student was not in the filter; the unreachable one has nowhere to read it.
    expect(await texts('a1000005')).toEqual([]);
    expect(await texts('a1000004')).toEqual([]);

    const audit = await service.app.staff.audit(10);
    expect(audit[0]).toMatchObject({
      actor: 'staff01',
      action: 'push',
      pushId: started.pushId,
      recipients: 3,
    });
    expect((await service.app.staff.listPushes(5))[0].pushId).toBe(started.pushId);
  });

  it('counts a chat whose session has expired as failed, not sent', async () => {
    const gone = seeded.find((s) => s.studentId === 'a1000003') as SeededStudent;
    await service.redis.redis.del(service.redis.keys.webChatSession(gone.account.accountId));
    const started = await service.app.staff.startPush(
      'staff01',
      { studentId: 'a1000003' },
      { ja: 'テスト', en: 'Test' },
    );
    await service.app.staff.idle();
    const job = (await service.app.staff.getPush(started.pushId)) as PushJob;
    expect(job.report.webchat).toEqual({ sent: 0, failed: 1, blocked: 0 });
  });
});
