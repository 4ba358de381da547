import { DateTime } from 'luxon';
import { RedisChatReachability } from '../../src/students/redisChatReachability';
import type { PushJob } from '../../src/staff/staffDesk';
import { startLineApp, type LineAppHarness } from '../support/appHarness';
import { eventually } from '../support/browser';
import { FakeLineApi } from '../support/fakeLineApi';
import { LineEvents } from '../support/lineWebhook';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';
import { seedStudents, type SeedStudent, type SeededStudent } from '../support/staffFixtures';

const STUDENTS = 10_000;
const JAPANESE = 6_000;

/**
 * Issue 6, "sending at scale": a staff push to 10,000 LINE students, through the whole service
 * on Redis, against a local LINE API that is slow and fails some multicasts.
 */
describe('a staff push to 10,000 LINE students', () => {
  let line: FakeLineApi;
  let redis: TestRedis;
  let harness: LineAppHarness;
  let seeded: SeededStudent[];
  const events = () => new LineEvents(line);

  beforeAll(async () => {
    line = await FakeLineApi.start();
    redis = await testRedis();
    harness = await startLineApp(line, { redisUrl: TEST_REDIS_URL, prefix: redis.prefix });
    const specs: SeedStudent[] = Array.from({ length: STUDENTS }, (_, i) => ({
      studentId: `s${String(i).padStart(7, '0')}`,
      channel: 'line',
      language: i < JAPANESE ? 'ja' : 'en',
    }));
    seeded = await seedStudents(
      redis.redis,
      redis.keys,
      specs,
      DateTime.now().setZone('Asia/Tokyo'),
    );
  }, 120_000);

  afterAll(async () => {
    await harness.close();
    await line.close();
    await redis.cleanup();
  });

  it('multicasts in 500s, skips the blocked, retries 5xx and 429, not 400, and reports', async () => {
    // Three students block the bot: LINE sends `unfollow`.
    const blockedUsers = [seeded[10], seeded[6_500], seeded[9_999]].map((s) => s.account.accountId);
    expect((await harness.post(blockedUsers.map((id) => events().unfollow(id)))).status).toBe(200);
    const reachability = new RedisChatReachability(redis.redis, redis.keys);
    await eventually(async () => {
      const marked = await reachability.blockedAmong(
        blockedUsers.map((accountId) => ({ channel: 'line', accountId })),
      );
      expect(marked.size).toBe(3);
    });

    // LINE is slow (every multicast takes 300 ms), fails once with 500 and once with 429, and
    // refuses one multicast with 400.
    line.delayNext('multicast', 300, 30);
    line.failNext('multicast', { status: 500 });
    line.failNext('multicast', {
      status: 429,
      body: { message: 'The API rate limit has been exceeded.' },
    });
    line.failNext('multicast', {
      status: 400,
      body: { message: 'The request body has 1 error(s)' },
    });

    const started = await harness.app.staff.startPush(
      'staff01',
      { status: 'awaiting_payment' },
      { ja: '支払期限が近づいています。', en: 'Your payment deadline is near.' },
    );
    expect(started.recipients).toBe(STUDENTS);

    // A student chats meanwhile: the answer does not wait for the push.
    const chatting = seeded[42].account.accountId;
    const before = line.messagesTo(chatting).length;
    await harness.post([events().text(chatting, 'help')]);
    await line.waitForMessages(chatting, before + 1, 30_000);
    const duringChat = (await harness.app.staff.getPush(started.pushId)) as PushJob;
    expect(duringChat.status).toBe('running');

    let job = duringChat;
    await eventually(async () => {
      job = (await harness.app.staff.getPush(started.pushId)) as PushJob;
      expect(job.status).toBe('done');
    }, 120_000);

    const multicasts = line.callsTo('multicast');
    for (const call of multicasts) {
      expect(call.body.to.length).toBeLessThanOrEqual(500);
      expect(call.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    }
    // 5,999 Japanese (12 multicasts) + 3,998 English (8): 20, plus the two retried tries.
    expect(multicasts).toHaveLength(22);
    const refused = multicasts.filter((call) => call.status === 400);
    expect(refused).toHaveLength(1);
    const refusedUsers = new Set<string>(refused[0].body.to);
    // A retried multicast carries the same retry key as its first try.
    const keys = multicasts.map((call) => call.retryKey);
    expect(new Set(keys).size).toBe(20);

    const delivered = line.deliveries.filter((d) => d.via === 'multicast').map((d) => d.to);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered).toHaveLength(STUDENTS - 3 - refusedUsers.size);
    for (const id of blockedUsers) expect(delivered).not.toContain(id);
    const en = line.messagesTo(seeded[JAPANESE + 1].account.accountId).at(-1);
    expect(en?.text).toBe('[Notice from the Certificate Office]\nYour payment deadline is near.');

    expect(job.report.line).toEqual({
      sent: STUDENTS - 3 - refusedUsers.size,
      failed: refusedUsers.size,
      blocked: 3,
    });
    expect(refusedUsers.size).toBeGreaterThan(0);
    expect(await harness.app.staff.audit(1)).toEqual([
      expect.objectContaining({ actor: 'staff01', action: 'push', recipients: STUDENTS }),
    ]);
  }, 180_000);
});
