import { DateTime } from 'luxon';
import type { Texts } from '../../src/i18n/i18n';
import type { PushJob, PushLineQuota, PushPreview } from '../../src/staff/staffDesk';
import { startLineApp, type LineAppHarness } from '../support/appHarness';
import { FakeLineApi } from '../support/fakeLineApi';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';
import { seedStudents, type SeededStudent } from '../support/staffFixtures';
import { loadTexts } from '../support/texts';

jest.setTimeout(60_000);

const TOKEN = 'quota-0123456789abcdef0123456789abcdef';
const PUSH = {
  filter: { status: 'awaiting_payment' },
  message: { ja: '支払期限が近づいています。', en: 'Your payment deadline is near.' },
};

interface Answer {
  status: number;
  body: Record<string, unknown> & {
    error?: { code: string; message: string; lineQuota?: PushLineQuota; problems?: unknown };
  };
}

/**
 * Issue 16, point 4: the staff API shows LINE's monthly message quota beside what a push needs,
 * refuses a push over it unless told to send to the LINE users that fit, and sends unchecked
 * when LINE cannot say. The whole service on Redis, LINE's quota from the local LINE API.
 */
describe('staff API and LINE’s message quota', () => {
  let line: FakeLineApi;
  let redis: TestRedis;
  let service: LineAppHarness;
  let texts: Texts;
  /** LINE students, earliest application first: the order the quota takes them in. */
  let lineStudents: SeededStudent[];

  const api = async (path: string, body: unknown, language = 'en'): Promise<Answer> => {
    const response = await fetch(`${service.url}/admin/api${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': 'application/json',
        'Accept-Language': language,
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const preview = async () => {
    const answer = await api('/pushes/preview', PUSH);
    expect(answer.status).toBe(200);
    return answer.body as unknown as PushPreview;
  };
  /** Starts a push and waits for its delivery; what it reported and which LINE users got it. */
  const send = async (extra: object = {}) => {
    const before = line.recipientsOf('multicast').length;
    const answer = await api('/pushes', { ...PUSH, ...extra });
    expect(answer.status).toBe(202);
    await service.app.staff.idle();
    const job = service.app.staff.getPush((answer.body as unknown as PushJob).pushId);
    return { job: (await job)!, reached: line.recipientsOf('multicast').slice(before).sort() };
  };
  const lineIds = (students: SeededStudent[]) => students.map((s) => s.account.accountId).sort();

  beforeAll(async () => {
    texts = await loadTexts();
    line = await FakeLineApi.start();
    redis = await testRedis();
    service = await startLineApp(line, {
      redisUrl: TEST_REDIS_URL,
      prefix: redis.prefix,
      env: { STAFF_API_TOKENS: `ops:${TOKEN}` },
    });
    const day = DateTime.fromISO('2026-11-20T10:00:00+09:00');
    // Applied on different days, so the order the quota takes them in is by application.
    const seeded: SeededStudent[] = [];
    for (const [i, language] of (['en', 'ja', 'ja', 'en'] as const).entries()) {
      const spec = { studentId: `q100000${i}`, channel: 'line' as const, language };
      seeded.push(...(await seedStudents(redis.redis, redis.keys, [spec], day.plus({ hours: i }))));
    }
    lineStudents = seeded;
    await seedStudents(
      redis.redis,
      redis.keys,
      [
        { studentId: 'q2000000', channel: 'webchat', language: 'ja' },
        { studentId: 'q2000001', channel: 'webchat', language: 'en' },
      ],
      day,
    );
  });
  afterAll(async () => {
    await service?.close();
    await line?.close();
    await redis?.cleanup();
  });
  beforeEach(() => {
    line.quota.failure = undefined;
  });

  it('previews the quota left beside the LINE messages the push needs', async () => {
    line.quota.limit(1000, 990);
    const { lineQuota, audience } = await preview();
    expect(audience.byChannel).toEqual({ line: 4, webchat: 2, msteams: 0 });
    expect(lineQuota).toEqual({
      type: 'limited',
      limit: 1000,
      used: 990,
      remaining: 10,
      recipients: 4,
      messagesNeeded: 4,
      exceeded: false,
      recipientsThatFit: 4,
    });
  });

  it('refuses a push over the quota with line_quota_exceeded, and sends nothing', async () => {
    line.quota.limit(1000, 998);
    const multicasts = line.callsTo('multicast').length;
    const pushes = service.app.staff.listPushes(100);
    for (const language of ['en', 'ja'] as const) {
      const answer = await api('/pushes', PUSH, language);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toEqual({
        code: 'line_quota_exceeded',
        message: texts.t(language, 'staffApi')('errors.line_quota_exceeded'),
        lineQuota: expect.objectContaining({
          remaining: 2,
          messagesNeeded: 4,
          exceeded: true,
          recipientsThatFit: 2,
        }),
      });
    }
    expect(line.callsTo('multicast')).toHaveLength(multicasts);
    expect(await service.app.staff.listPushes(100)).toEqual(await pushes);
  });

  it('sends to the LINE users that fit once confirmed, earliest application first', async () => {
    line.quota.limit(1000, 998);
    const { job, reached } = await send({ confirmLineRecipients: 2 });
    expect(reached).toEqual(lineIds(lineStudents.slice(0, 2)));
    expect(job.notSent).toEqual({ line: 2, reason: 'line_quota_exceeded' });
    expect(job.report.line).toEqual({ sent: 2, failed: 0, blocked: 0 });
    // Web chat and Teams are not LINE's to limit: both web-chat students were tried.
    expect(job.report.webchat.sent + job.report.webchat.failed).toBe(2);
    // The month is now used up: a confirmation of 0 still reaches the web chat, no LINE user.
    expect((await preview()).lineQuota).toMatchObject({ remaining: 0, recipientsThatFit: 0 });
    const none = await send({ confirmLineRecipients: 0 });
    expect(none.reached).toEqual([]);
    expect(none.job.notSent).toEqual({ line: 4, reason: 'line_quota_exceeded' });
  });

  it('refuses a confirmation for more LINE users than fit', async () => {
    line.quota.limit(1000, 998);
    for (const confirm of [3, 4, 1000]) {
      const answer = await api('/pushes', { ...PUSH, confirmLineRecipients: confirm });
      expect({ confirm, status: answer.status, code: answer.body.error?.code }).toEqual({
        confirm,
        status: 409,
        code: 'line_quota_exceeded',
      });
    }
  });

  it.each([['2'], [-1], [1.5], [1e12], [null], [true], [[2]], [{ n: 2 }]])(
    'refuses confirmLineRecipients %p as invalid, on preview and send',
    async (confirm) => {
      line.quota.limit(1000, 998);
      for (const path of ['/pushes', '/pushes/preview']) {
        const answer = await api(path, { ...PUSH, confirmLineRecipients: confirm });
        expect(answer.status).toBe(400);
        expect(answer.body.error?.problems).toEqual([
          { field: 'confirmLineRecipients', code: 'invalid' },
        ]);
      }
    },
  );

  it('ignores a confirmation on a push that fits: every LINE user gets it', async () => {
    line.quota.limit(1000, 0);
    const { job, reached } = await send({ confirmLineRecipients: 1 });
    expect(reached).toEqual(lineIds(lineStudents));
    expect(job.notSent).toBeUndefined();
    expect(job.lineQuota).toMatchObject({ exceeded: false, messagesNeeded: 4 });
  });

  it('counts no limit for a plan of type none', async () => {
    line.quota.type = 'none';
    expect((await preview()).lineQuota).toEqual({
      type: 'none',
      recipients: 4,
      messagesNeeded: 4,
      exceeded: false,
      recipientsThatFit: 4,
    });
  });

  it.each([[500], ['network' as const]])(
    'says the quota is unknown when its endpoints fail (%p), and still sends',
    async (failure) => {
      line.quota.limit(1, 1);
      line.quota.failure = failure;
      expect((await preview()).lineQuota).toMatchObject({ type: 'unknown', exceeded: false });
      const { job, reached } = await send();
      expect(reached).toEqual(lineIds(lineStudents));
      expect(job.lineQuota?.type).toBe('unknown');
    },
  );

  it('says the quota is unknown when LINE does not answer in time', async () => {
    line.quota.limit(1, 1);
    line.quota.failure = 'hang';
    const started = Date.now();
    expect((await preview()).lineQuota).toMatchObject({ type: 'unknown' });
    expect(Date.now() - started).toBeLessThan(6_000);
  });
});
