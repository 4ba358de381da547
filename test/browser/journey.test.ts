import type { Browser, Page } from 'playwright-core';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import type { Texts } from '../../src/i18n/i18n';
import { eventually, launchChromium } from '../support/browser';
import { freePort } from '../support/freePort';
import { loadTexts } from '../support/texts';

jest.setTimeout(60_000);

/**
 * A newcomer in the web chat, against the service exactly as `npm start` wires it (embedded
 * defaults): greeted, switches language, asks for help and for the manual, opens the manual.
 */
describe('a newcomer in the web chat', () => {
  let app: App;
  let url: string;
  let browser: Browser;
  let page: Page;
  let texts: Texts;

  beforeAll(async () => {
    texts = await loadTexts();
    const port = await freePort();
    app = await createApp(loadConfig({ PORT: String(port), LOG_LEVEL: 'silent' }));
    await app.listen(port, '127.0.0.1');
    url = `http://localhost:${port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const bot = () => page.locator('.msg-bot .bubble');
  const lastBotTexts = async (n: number) => (await bot().allTextContents()).slice(-n);

  it('chats in Japanese, switches to English, gets help and the manual', async () => {
    const context = await browser.newContext({
      locale: 'ja-JP',
      viewport: { width: 375, height: 740 },
    });
    page = await context.newPage();
    const ja = texts.t('ja');
    const en = texts.t('en');
    await page.goto(`${url}/`);

    await eventually(async () =>
      expect(await lastBotTexts(2)).toEqual([ja('welcome'), ja('menu.prompt')]),
    );
    // The language button of the menu reads "English" in Japanese.
    await page
      .getByRole('button', { name: ja('menu.language'), exact: true })
      .last()
      .click();
    await eventually(async () =>
      expect(await lastBotTexts(2)).toEqual([en('language.changed'), en('menu.prompt')]),
    );

    await page.locator('#input').fill('help');
    await page.keyboard.press('Enter');
    await eventually(async () => {
      const [help] = await lastBotTexts(2);
      expect(help).toContain(en('help.callCenter', { phone: '06-6809-4327' }));
      expect(help).toContain(en('help.sealedEnvelope'));
    });

    await page
      .getByRole('button', { name: en('menu.manual'), exact: true })
      .last()
      .click();
    const card = page.locator('.card').last();
    await eventually(async () =>
      expect(await card.locator('.card-title').textContent()).toBe(en('manual.title')),
    );
    const link = card.locator('a.card-button');
    expect(await link.getAttribute('href')).toBe(`${url}/manual`);

    const [manual] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await manual.waitForLoadState();
    expect(await manual.locator('h1').textContent()).toBe(texts.t('ja', 'manual')('title'));
    await manual.getByRole('link', { name: 'English' }).click();
    expect(await manual.locator('h1').textContent()).toBe(texts.t('en', 'manual')('title'));
    expect(await manual.locator('body').textContent()).toContain('06-6809-4327');

    // Unknown text still gets an answer with the menu.
    await page.locator('#input').fill('🎓 where is my transcript?');
    await page.keyboard.press('Enter');
    await eventually(async () => expect((await lastBotTexts(1))[0]).toBe(en('menu.retry')));
    await context.close();
  });
});
