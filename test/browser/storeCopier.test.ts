import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Translate } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import { RedisPrintJobStore } from '../../src/printing/redisPrintJobStore';
import { failedAsset, launchChromium, recordPageProblems } from '../support/browser';
import { testRedis, type TestRedis } from '../support/redis';
import { paidOrder, TARO } from '../support/printFixtures';
import { startStoreTestServer, type StoreTestServer } from '../support/storeTestServer';

jest.setTimeout(60_000);

describe('store-copier simulator in Chromium at 375 px', () => {
  let redis: TestRedis;
  let server: StoreTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Script errors, CSP violations and missing files: the pages must cause none. */
  let problems: string[];

  beforeAll(async () => {
    redis = await testRedis();
    server = await startStoreTestServer(() => new RedisPrintJobStore(redis.redis, redis.keys));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await redis?.cleanup();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    page = await context.newPage();
    problems = [];
    recordPageProblems(page, problems, failedAsset);
  });

  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });

  const fitsTheScreen = async () =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );

  it.each([
    ['ja', 'seven-eleven', 'netprint'],
    ['en', 'lawson', 'networkprint'],
  ] as const)(
    '%s: picks %s, corrects a wrong number, prints and opens the document',
    async (lng, store, network) => {
      const t: Translate = server.texts.t(lng as Language, 'store');
      const { number } = await server.issuer.issue(
        paidOrder({ orderId: `ORD-${lng}`, network }),
        TARO,
      );

      await page.goto(`${server.url}/store?lng=${lng}`);
      expect(await page.locator('h1').textContent()).toBe(t('picker.heading'));
      await fitsTheScreen();
      await Promise.all([
        page.waitForURL(`**/store/${store}?lng=${lng}`),
        page.locator(`#store-${store}`).click(),
      ]);
      expect(await page.locator('label[for="number"]').textContent()).toBe(t('copier.label'));
      // The copier's field is big and the Print button spans the screen: easy to hit on a phone.
      const input = page.locator('#number');
      const fontSize = await input.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(24);
      const button = await page.locator('#print').boundingBox();
      expect(button?.width).toBeGreaterThan(300);
      await fitsTheScreen();

      // One character short: the store says how long its numbers are.
      await input.fill(number.slice(1).toLowerCase());
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.locator('#print').click(),
      ]);
      const length = number.length;
      expect(await page.locator('#problem').textContent()).toBe(
        t('problem.wrongLength', { store: t(`stores.${store}`), length, entered: length - 1 }),
      );
      expect(server.notices.calls).not.toContain(number);
      await fitsTheScreen();

      await page.locator('#number').fill(number.toLowerCase());
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.locator('#print').click(),
      ]);
      expect(await page.locator('#printed').textContent()).toBe(t('printed.heading'));
      expect(await page.locator('#number').textContent()).toBe(number);
      expect(server.notices.calls).toContain(number);
      await fitsTheScreen();

      const href = await page.locator('#document').getAttribute('href');
      const document = await page.request.get(`${server.url}${href}`);
      expect(document.status()).toBe(200);
      expect(document.headers()['content-type']).toBe('application/pdf');
      expect((await document.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

      // The other language, one tap away.
      const other: Language = lng === 'ja' ? 'en' : 'ja';
      await Promise.all([
        page.waitForURL(`**lng=${other}`),
        page.locator('#switch-language').click(),
      ]);
      expect(await page.locator('html').getAttribute('lang')).toBe(other);
      expect(await page.locator('#print').textContent()).toBe(
        server.texts.t(other, 'store')('copier.button'),
      );
    },
  );

  it('shows the verification page of a printed certificate on a phone', async () => {
    const { verificationCode } = await server.issuer.issue(
      paidOrder({ orderId: 'ORD-verify' }),
      TARO,
    );
    await page.goto(`${server.url}/verify/${verificationCode}?lng=ja`);
    expect(await page.locator('#verified').textContent()).toBe(
      server.texts.t('ja', 'store')('verify.heading'),
    );
    expect(await page.locator('#holder').textContent()).toBe('京＊ 太＊');
    await fitsTheScreen();
  });
});
