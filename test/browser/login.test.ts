import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Translate } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import { DEMO_PASSWORD, startAuthServer, type AuthTestServer } from '../support/authTestServer';
import { eventually, launchChromium, notFound, recordPageProblems } from '../support/browser';

jest.setTimeout(60_000);

describe('login page in Chromium at 375 px', () => {
  let server: AuthTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Script errors, CSP violations and missing files: the page must cause none. */
  let problems: string[];

  beforeAll(async () => {
    server = await startAuthServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    server.completed.length = 0;
    server.outcome = { kind: 'done' };
    context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 375, height: 740 } });
    page = await context.newPage();
    problems = [];
    recordPageProblems(page, problems, notFound);
  });
  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });

  const t = (language: Language): Translate => server.texts.t(language, 'auth');

  async function open(language: Language): Promise<string> {
    const request = await server.newRequest(language);
    await page.goto(`${server.url}/auth/login?request=${request.id}`);
    return request.id;
  }

  async function expectFitsThePhone(): Promise<void> {
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const button = await page.locator('.login-button').boundingBox();
    expect(button!.width).toBeGreaterThan(300);
    expect(button!.height).toBeGreaterThanOrEqual(44);
  }

  describe.each(['ja', 'en'] as const)('in %s', (language) => {
    test('shows the university login screen and logs in as a0123456', async () => {
      await open(language);
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
      expect(await page.locator('h1').textContent()).toBe(t(language)('page.title'));
      expect(await page.locator('label[for="studentId"]').textContent()).toBe(
        t(language)('page.studentId'),
      );
      expect(await page.locator('label[for="password"]').textContent()).toBe(
        t(language)('page.password'),
      );
      expect(await page.locator('.note h2').textContent()).toBe(t(language)('page.noteTitle'));
      // The test server's requests are web-chat ones: the page names the chat being linked.
      const channel = t(language)('channel.webchat');
      expect(await page.locator('#linking-target').textContent()).toBe(
        t(language)('linking.unnamed', { channel }),
      );
      await expectFitsThePhone();

      await page.getByLabel(t(language)('page.studentId')).fill('a0123456');
      await page.getByLabel(t(language)('page.password')).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: t(language)('page.login') }).click();

      const name = language === 'ja' ? '京大 太郎' : 'Taro Kyodai';
      await eventually(async () =>
        expect(await page.locator('#done').textContent()).toBe(t(language)('done.body', { name })),
      );
      expect(await page.locator('h1').textContent()).toBe(t(language)('done.title'));
      expect(server.completed).toHaveLength(1);
      expect(server.completed[0].entry.studentId).toBe('a0123456');
    });

    test('a wrong password shows the message and keeps the ID, not the password', async () => {
      await open(language);
      await page.getByLabel(t(language)('page.studentId')).fill('a0123456');
      await page.getByLabel(t(language)('page.password')).fill('wrong-password');
      await page.getByLabel(t(language)('page.password')).press('Enter');
      await eventually(async () =>
        expect(await page.getByRole('alert').textContent()).toBe(
          t(language)('form.invalidCredentials'),
        ),
      );
      expect(await page.getByLabel(t(language)('page.studentId')).inputValue()).toBe('a0123456');
      expect(await page.getByLabel(t(language)('page.password')).inputValue()).toBe('');
      await expectFitsThePhone();
      expect(server.completed).toHaveLength(0);

      // The form still works after the failure.
      await page.getByLabel(t(language)('page.password')).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: t(language)('page.login') }).click();
      await eventually(async () => expect(await page.locator('#done').count()).toBe(1));
      expect(server.completed).toHaveLength(1);
    });
  });

  test('switches language, then logs in on the switched page', async () => {
    await open('ja');
    await page.locator('#lang-switch').click();
    await eventually(async () =>
      expect(await page.locator('html').getAttribute('lang')).toBe('en'),
    );
    expect(await page.locator('h1').textContent()).toBe(t('en')('page.title'));
    expect(await page.locator('#lang-switch').textContent()).toBe(t('en')('page.otherLanguage'));

    await page.getByLabel(t('en')('page.studentId')).fill('B0654321');
    await page.getByLabel(t('en')('page.password')).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: t('en')('page.login') }).click();
    await eventually(async () =>
      expect(await page.locator('#done').textContent()).toBe(
        t('en')('done.body', { name: 'Hanako Yoshida' }),
      ),
    );

    await open('en');
    await page.locator('#lang-switch').click();
    await eventually(async () =>
      expect(await page.locator('h1').textContent()).toBe(t('ja')('page.title')),
    );
  });

  test('while the answer is slow, Login is disabled so a second tap cannot post again', async () => {
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    let release = (): void => undefined;
    server.gate = new Promise<void>((resolve) => (release = resolve));
    try {
      await open('en');
      // Listens after the page's own script, and keeps what it saw across the navigation.
      await page.evaluate(() => {
        const form = document.querySelector('form')!;
        form.addEventListener('submit', () => {
          const button = form.querySelector('button')!;
          sessionStorage.setItem('disabledOnSubmit', String(button.disabled));
        });
      });
      await page.getByLabel(t('en')('page.studentId')).fill('a0123456');
      await page.getByLabel(t('en')('page.password')).fill(DEMO_PASSWORD);
      // The chat being linked is named above the form: on a phone the button is below the fold.
      const button = page.getByRole('button', { name: t('en')('page.login') });
      await button.scrollIntoViewIfNeeded();
      const box = (await button.boundingBox())!;
      const tap = () => page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await tap();
      // The post has reached the server, which is still working on it; the student taps again.
      // (Mouse and keyboard, unlike locators, do not wait for the pending navigation.)
      await eventually(() => expect(server.completed).toHaveLength(1));
      await tap();
      await page.keyboard.press('Enter');
    } finally {
      release();
      server.gate = undefined;
    }
    await eventually(async () => expect(await page.locator('#done').count()).toBe(1));
    expect(await page.evaluate(() => sessionStorage.getItem('disabledOnSubmit'))).toBe('true');
    expect(posts).toHaveLength(1);
    expect(server.completed).toHaveLength(1);
  });

  test('a used link shows the invalid-link page, in the language the link names', async () => {
    const request = await server.newRequest('en');
    await page.goto(`${server.url}/auth/login?request=${request.id}&lng=en`);
    await server.loginRequests.take(request.id);
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe(t('en')('invalidLink.title'));
    expect(await page.locator('.message').textContent()).toBe(t('en')('invalidLink.body'));
  });
});
