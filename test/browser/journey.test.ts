import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
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
  let outbox: string;

  beforeAll(async () => {
    texts = await loadTexts();
    const port = await freePort();
    outbox = await mkdtemp(join(tmpdir(), 'certbot-outbox-'));
    app = await createApp(
      loadConfig({ PORT: String(port), LOG_LEVEL: 'silent', MAIL_OUTBOX_DIR: outbox }),
    );
    await app.listen(port, '127.0.0.1');
    url = `http://localhost:${port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await rm(outbox, { recursive: true, force: true });
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

  it('logs in as a0123456, registers an address, opens the link from the outbox and sees the chat go on', async () => {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 375, height: 740 },
    });
    page = await context.newPage();
    const en = texts.t('en');
    await page.goto(`${url}/`);
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
    await login.waitForLoadState();
    await login.locator('#studentId').fill('a0123456');
    await login.locator('#password').fill('demo1234');
    await Promise.all([login.waitForLoadState(), login.locator('button[type=submit]').click()]);
    await eventually(async () =>
      expect(await login.locator('body').textContent()).toContain('Taro Kyodai'),
    );
    await login.close();

    await eventually(async () => expect((await lastBotTexts(1))[0]).toBe(en('email.askAddress')));
    for (const typed of ['hanako@example.ac.jp', 'hanako@example.ac.jp']) {
      await page.locator('#input').fill(typed);
      await page.keyboard.press('Enter');
    }
    await eventually(async () => expect((await readdir(outbox)).length).toBe(1));
    const [file] = await readdir(outbox);
    const mail = await simpleParser(await readFile(join(outbox, file)));
    const link = /(http:\/\/\S+\/auth\/email\/confirm\?token=[\w-]+)/.exec(mail.text ?? '')?.[1];
    expect(link).toBeDefined();

    const confirm = await context.newPage();
    await confirm.goto(link ?? '');
    await Promise.all([confirm.waitForLoadState(), confirm.locator('button[type=submit]').click()]);
    await eventually(async () =>
      expect(await confirm.locator('body').textContent()).toContain(
        texts.t('en', 'email')('page.done.register.heading'),
      ),
    );

    await eventually(async () =>
      expect(await lastBotTexts(2)).toEqual([
        en('email.completed', { address: 'hanako@example.ac.jp' }),
        en('menu.prompt'),
      ]),
    );
    await page
      .getByRole('button', { name: en('menu.settings'), exact: true })
      .last()
      .click();
    await eventually(async () =>
      expect((await lastBotTexts(2))[0]).toContain('hanako@example.ac.jp'),
    );
    await context.close();
  });
});
