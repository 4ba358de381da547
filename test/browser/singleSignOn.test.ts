import type { Browser } from 'playwright-core';
import type { Texts } from '../../src/i18n/i18n';
import { startService, type ServiceHarness } from '../support/appHarness';
import { eventually, launchChromium, notFound, recordPageProblems } from '../support/browser';
import { OIDC_CLIENT, TestOpenIdProviders } from '../support/openIdProviders';
import { loadTexts } from '../support/texts';

jest.setTimeout(90_000);

/**
 * A student in real Chromium, with the service on OpenID Connect (real Redis, a real
 * `oidc-provider` on another site): the web chat's login link, our page naming the chat, the
 * provider's own login and consent pages, and back — the browser-binding cookie must survive the
 * cross-site return as a real browser sends it (`SameSite=Lax` over http).
 */
describe('single sign-on in Chromium', () => {
  let providers: TestOpenIdProviders;
  let service: ServiceHarness;
  let browser: Browser;
  let texts: Texts;

  beforeAll(async () => {
    texts = await loadTexts();
    providers = await TestOpenIdProviders.start();
    service = await startService({
      OIDC_ISSUER: providers.issuers.main,
      OIDC_CLIENT_ID: OIDC_CLIENT.id,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
    });
    await providers.allow(OIDC_CLIENT, `${service.base}/auth/oidc/callback`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await providers?.close();
  });

  it('logs a web-chat student in through the provider and the chat goes on', async () => {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 375, height: 740 },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    recordPageProblems(page, problems, notFound);
    const en = texts.t('en');
    const auth = texts.t('en', 'auth');
    const lastBotTexts = async (n: number) =>
      (await page.locator('.msg-bot .bubble').allTextContents()).slice(-n);

    await page.goto(`${service.base}/`);
    await eventually(async () => expect((await lastBotTexts(1))[0]).toBe(en('menu.prompt')));
    await page
      .getByRole('button', { name: en('menu.login'), exact: true })
      .last()
      .click();
    const loginLink = page.locator('.card a.card-button').last();
    await eventually(async () =>
      expect(await loginLink.textContent()).toContain(en('login.button')),
    );
    const [login] = await Promise.all([context.waitForEvent('page'), loginLink.click()]);
    recordPageProblems(login, problems, notFound);
    await login.waitForLoadState();
    expect(await login.locator('body').textContent()).toContain(auth('sso.continue'));

    // Our page's button: to the provider, on another site.
    await Promise.all([login.waitForURL(/\/interaction\//), login.locator('#sso-start').click()]);
    expect(new URL(login.url()).origin).toBe(providers.issuers.main);
    await login.locator('input[name=login]').fill('a0123456@example.ac.jp');
    await login.locator('input[name=password]').fill('any password');
    await Promise.all([login.waitForLoadState(), login.locator('button[type=submit]').click()]);
    // The provider's consent page, then back to our callback.
    await Promise.all([
      login.waitForURL((url) => url.origin === service.base),
      login.locator('button[type=submit]').click(),
    ]);
    await eventually(async () =>
      expect(await login.locator('body').textContent()).toContain('Taro Kyodai'),
    );
    expect(await login.locator('h1').textContent()).toBe(auth('done.title'));
    await login.close();

    await eventually(async () => expect((await lastBotTexts(1))[0]).toBe(en('email.askAddress')));
    const said = await page.locator('.msg-bot .bubble').allTextContents();
    expect(
      said.some((text) =>
        text.startsWith(en('login.done', { name: 'Taro Kyodai', studentId: 'a0123456' })),
      ),
    ).toBe(true);
    // No page on the way caused a script error, a CSP refusal or a missing file.
    expect(problems).toEqual([]);
    await context.close();
  });
});
