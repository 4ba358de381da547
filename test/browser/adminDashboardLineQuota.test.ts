import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import type { Texts, Translate } from '../../src/i18n/i18n';
import { startLineApp, type LineAppHarness } from '../support/appHarness';
import { eventually, launchChromium, notFound, recordPageProblems } from '../support/browser';
import { FakeLineApi } from '../support/fakeLineApi';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';
import { seedStudents, type SeededStudent } from '../support/staffFixtures';
import { loadTexts } from '../support/texts';

jest.setTimeout(120_000);

const MESSAGE = { ja: '支払期限が近づいています。', en: 'Your payment deadline is near.' };

/**
 * Issue 16, point 4, in Chromium: the push preview shows LINE's quota left and the LINE messages
 * the push needs, in Japanese and English; over the quota it refuses with the reason and offers
 * to send to the LINE users that fit, which is what the report then says.
 */
describe('staff dashboard and LINE’s message quota, in Chromium', () => {
  let line: FakeLineApi;
  let redis: TestRedis;
  let service: LineAppHarness;
  let browser: Browser;
  let texts: Texts;
  /** Three LINE students, earliest application first. */
  let students: SeededStudent[];

  beforeAll(async () => {
    texts = await loadTexts();
    line = await FakeLineApi.start();
    redis = await testRedis();
    service = await startLineApp(line, { redisUrl: TEST_REDIS_URL, prefix: redis.prefix });
    const day = DateTime.fromISO('2026-11-20T10:00:00+09:00');
    students = [];
    for (const [i, language] of (['ja', 'en', 'ja'] as const).entries()) {
      const spec = { studentId: `r100000${i}`, channel: 'line' as const, language };
      students.push(
        ...(await seedStudents(redis.redis, redis.keys, [spec], day.plus({ hours: i }))),
      );
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await line?.close();
    await redis?.cleanup();
  });

  /** A signed-in page in `locale`'s language at the push preview of {@link MESSAGE}. */
  async function previewIn(
    locale: string,
    t: Translate,
  ): Promise<{ page: Page; done(): Promise<void> }> {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const problems: string[] = [];
    recordPageProblems(page, problems, notFound);
    await page.goto(`${service.url}/admin/push`);
    await page.getByLabel(t('login.staffId')).fill('staff01');
    await page.getByLabel(t('login.password')).fill('staff1234');
    await page.getByRole('button', { name: t('login.submit') }).click();
    await page.getByLabel(t('push.messageJa')).fill(MESSAGE.ja);
    await page.getByLabel(t('push.messageEn')).fill(MESSAGE.en);
    await page.getByRole('button', { name: t('push.preview') }).click();
    await eventually(async () =>
      expect(await page.locator('h1').textContent()).toBe(t('push.previewTitle')),
    );
    return {
      page,
      done: async () => {
        await context.close();
        expect(problems).toEqual([]);
      },
    };
  }

  it.each([
    ['ja-JP', 'ja'],
    ['en-US', 'en'],
  ] as const)(
    '%s: over the quota, refuses with the reason and sends to those that fit',
    async (locale, language) => {
      const t = texts.t(language, 'admin');
      line.quota.failure = undefined;
      line.quota.limit(1000, 999);
      const before = line.recipientsOf('multicast').length;
      const { page, done } = await previewIn(locale, t);
      expect(await page.locator('#quota-remaining').textContent()).toBe(
        t('push.quota.remainingValue', { remaining: 1, limit: 1000, used: 999 }),
      );
      expect(await page.locator('#quota-needed').textContent()).toBe(
        t('push.quota.neededValue', { messages: 3, recipients: 3 }),
      );
      expect(await page.locator('#quota-exceeded').textContent()).toBe(
        t('push.quota.exceeded', { needed: 3, remaining: 1, fit: 1, recipients: 3 }),
      );
      expect(await page.locator('#send').count()).toBe(0);

      // A send without a CSRF token is refused before anything is looked at.
      const forged = await page.request.post(`${service.url}/admin/push/send`, {
        form: { ...MESSAGE, confirmLineRecipients: '3' },
      });
      expect(forged.status()).toBe(403);

      await page.getByRole('button', { name: t('push.quota.confirm', { fit: 1 }) }).click();
      await eventually(
        async () => expect(await page.locator('#push-status').textContent()).toBe(t('report.done')),
        20_000,
      );
      expect(await page.locator('#push-not-sent').textContent()).toBe(
        t('report.notSentLine', { n: 2 }),
      );
      // Only the earliest applicant got it, once; the forged post sent nothing.
      expect(line.recipientsOf('multicast').slice(before)).toEqual([students[0].account.accountId]);
      await done();
    },
  );

  it('says the quota is unknown when LINE cannot say, and still offers to send', async () => {
    const t = texts.t('en', 'admin');
    line.quota.failure = 500;
    const { page, done } = await previewIn('en-US', t);
    expect(await page.locator('#quota-remaining').textContent()).toBe(t('push.quota.unknown'));
    expect(await page.locator('#quota-exceeded').count()).toBe(0);
    expect(await page.locator('#send').textContent()).toBe(t('push.sendTo', { n: 3 }));
    await done();
  });
});
