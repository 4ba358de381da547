import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Translate } from '../../src/i18n/i18n';
import { failedAsset, launchChromium, recordPageProblems } from '../support/browser';
import { startPaymentTestServer, type PaymentTestServer } from '../support/paymentTestServer';

jest.setTimeout(60_000);

describe('demo checkout page in Chromium', () => {
  let server: PaymentTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Script errors, CSP violations and missing files: the pages must cause none. */
  let problems: string[];
  let ja: Translate;
  let en: Translate;

  beforeAll(async () => {
    server = await startPaymentTestServer({ store: 'redis' });
    browser = await launchChromium();
    ja = server.texts.t('ja', 'payment');
    en = server.texts.t('en', 'payment');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
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

  async function checkoutUrl(language: 'ja' | 'en', orderId: string): Promise<string> {
    const started = await server.startPayment('demo', { language, orderId });
    if (started.kind !== 'link') throw new Error('the demo checkout gives a link');
    return started.url;
  }

  const heading = () => page.locator('h1').textContent();
  const fitsThePhone = () =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('pays in Japanese: 「デモ」, 1,200円, then 「お支払いが完了しました」', async () => {
    const url = await checkoutUrl('ja', 'C24011600101');
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.locator('#demo-badge').textContent()).toBe(ja('demo.badge'));
    expect(await heading()).toBe(ja('demo.heading'));
    expect(await page.locator('#amount').textContent()).toBe('1,200円');
    expect(await page.locator('#order-id').textContent()).toBe('C24011600101');
    expect(await page.locator('#deadline').textContent()).toBe('2024年1月24日(水) 00:00');
    expect(await page.locator('#pay').isVisible()).toBe(true);
    expect(await page.locator('#cancel').isVisible()).toBe(true);
    expect(await fitsThePhone()).toBe(true);

    await Promise.all([page.waitForURL('**/pay'), page.locator('#pay').click()]);
    expect(await heading()).toBe(ja('done.heading'));
    expect(await page.locator('body').textContent()).toContain(ja('page.backToChat'));
    expect(server.notices.applied.filter((n) => n.reference === url.split('/').pop())).toHaveLength(
      1,
    );

    // Back and pay again (a double payment attempt): the same completed page, nothing new applied.
    await page.goBack();
    await Promise.all([page.waitForURL('**/pay'), page.locator('#pay').click()]);
    expect(await heading()).toBe(ja('done.heading'));
    expect(server.notices.applied.filter((n) => n.reference === url.split('/').pop())).toHaveLength(
      1,
    );
  });

  it('pays in English: "DEMO — no real money", ¥1,200, then "Payment completed"', async () => {
    const url = await checkoutUrl('en', 'C24011600102');
    await page.goto(url);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#demo-badge').textContent()).toBe('DEMO — no real money is charged');
    expect(await page.locator('#amount').textContent()).toBe('¥1,200');
    expect(await page.locator('#pay').textContent()).toBe(en('demo.pay'));
    expect(await fitsThePhone()).toBe(true);
    await Promise.all([page.waitForURL('**/pay'), page.locator('#pay').click()]);
    expect(await heading()).toBe('Payment completed');
  });

  it('cancels, then switches language, and pays from the Japanese page', async () => {
    const url = await checkoutUrl('en', 'C24011600103');
    const reference = url.split('/').pop();
    await page.goto(url);
    await Promise.all([page.waitForURL('**/cancel'), page.locator('#cancel').click()]);
    expect(await heading()).toBe(en('cancelled.heading'));
    expect(await page.locator('body').textContent()).toContain('Wed 24 Jan 2024, 00:00 JST');
    expect(server.notices.calls.filter((n) => n.reference === reference)).toEqual([]);

    await page.goto(url);
    await Promise.all([page.waitForURL('**lng=ja'), page.locator('#switch-language').click()]);
    expect(await page.locator('#pay').textContent()).toBe(ja('demo.pay'));
    await Promise.all([page.waitForURL('**/pay'), page.locator('#pay').click()]);
    expect(await heading()).toBe(ja('done.heading'));
    expect(server.notices.applied.filter((n) => n.reference === reference)).toHaveLength(1);
  });
});
