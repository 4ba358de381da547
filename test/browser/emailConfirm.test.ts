import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Translate } from '../../src/i18n/i18n';
import { failedAsset, launchChromium, recordPageProblems } from '../support/browser';
import { startEmailTestServer, type EmailTestServer } from '../support/emailTestServer';

jest.setTimeout(60_000);

describe('email confirmation page in Chromium', () => {
  let server: EmailTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Script errors, CSP violations and missing files: the pages must cause none. */
  let problems: string[];
  let ja: Translate;
  let en: Translate;

  beforeAll(async () => {
    server = await startEmailTestServer();
    browser = await launchChromium();
    ja = server.texts.t('ja', 'email');
    en = server.texts.t('en', 'email');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    server.confirmed.splice(0);
    context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    page = await context.newPage();
    problems = [];
    recordPageProblems(page, problems, failedAsset);
  });

  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });

  const link = (token: string) => `${server.url}/auth/email/confirm?token=${token}`;
  const heading = () => page.locator('h1').textContent();

  it('confirms a Japanese registration and shows 「メールアドレスを設定しました。」', async () => {
    const token = await server.issue({ language: 'ja', studentId: 'ja-student' });
    const response = await page.goto(link(token));
    expect(response?.status()).toBe(200);
    expect(await heading()).toBe(ja('page.confirm.register.heading'));
    expect(await page.locator('#address').textContent()).toBe('ta***@example.ac.jp');
    const button = page.locator('#confirm');
    expect(await button.textContent()).toBe(ja('page.confirm.button'));
    expect(await button.isVisible()).toBe(true);
    // Phone-friendly: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );

    await Promise.all([page.waitForURL('**/auth/email/confirmed**'), button.click()]);
    expect(await heading()).toBe(ja('page.done.register.heading'));
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).toContain('メールアドレスを設定しました。');
    expect(body).toContain('今後、システムからの連絡はこのメールアドレス宛に送信されます。');
    expect(server.confirmed).toEqual([
      expect.objectContaining({ studentId: 'ja-student', status: 'confirmed' }),
    ]);

    // The completed page switches language without touching anything.
    await Promise.all([page.waitForURL('**lng=en**'), page.locator('#switch-language').click()]);
    expect(await heading()).toBe(en('page.done.register.heading'));
    expect(server.confirmed).toHaveLength(1);
  });

  it('confirms an English registration and shows "Mail address setting completed"', async () => {
    const token = await server.issue({ language: 'en', studentId: 'en-student' });
    await page.goto(link(token));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#confirm').textContent()).toBe('Confirm');
    await Promise.all([
      page.waitForURL('**/auth/email/confirmed**'),
      page.locator('#confirm').click(),
    ]);
    expect(await heading()).toBe('Mail address setting completed');
    expect(await page.locator('body').textContent()).toContain(
      'From now on, messages from the system are sent to this mail address.',
    );
    expect(server.confirmed).toHaveLength(1);
  });

  it('does not consume the link when it is opened twice without a click', async () => {
    const token = await server.issue({ studentId: 'twice' });
    await page.goto(link(token));
    await page.reload();
    const second = await context.newPage();
    await second.goto(link(token));
    expect(await second.locator('#confirm').isVisible()).toBe(true);
    expect(server.confirmed).toEqual([]);
    expect(await server.verification.inspect(token)).toMatchObject({ status: 'valid' });

    await Promise.all([
      second.waitForURL('**/auth/email/confirmed**'),
      second.locator('#confirm').click(),
    ]);
    expect(server.confirmed).toHaveLength(1);
  });

  it('shows the "used" page for a link that was already used, with how to get a new one', async () => {
    const token = await server.issue({ language: 'en', studentId: 'used' });
    await page.goto(link(token));
    await Promise.all([
      page.waitForURL('**/auth/email/confirmed**'),
      page.locator('#confirm').click(),
    ]);
    const response = await page.goto(link(token));
    expect(response?.status()).toBe(410);
    expect(await heading()).toBe(en('page.used.heading'));
    expect(await page.locator('body').textContent()).toContain(
      en('page.resend', { command: en('resendCommand') }),
    );
    expect(await page.locator('#confirm').count()).toBe(0);
    expect(server.confirmed).toHaveLength(1);
  });

  it('switches the confirm page to English and confirms from there', async () => {
    const token = await server.issue({ language: 'ja', studentId: 'switch' });
    await page.goto(link(token));
    await Promise.all([page.waitForURL('**lng=en**'), page.locator('#switch-language').click()]);
    expect(await page.locator('#confirm').textContent()).toBe(en('page.confirm.button'));
    expect(server.confirmed).toEqual([]);
    await Promise.all([
      page.waitForURL('**/auth/email/confirmed**'),
      page.locator('#confirm').click(),
    ]);
    expect(page.url()).toContain('lng=en');
    expect(await heading()).toBe(en('page.done.register.heading'));
  });
});
