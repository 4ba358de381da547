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
import { pdfPageTexts, scanQrCodes } from '../support/pdfTools';
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

  it('orders in Japanese: login, address, certificate, demo card payment, number, print at 7-Eleven', async () => {
    const context = await browser.newContext({
      locale: 'ja-JP',
      viewport: { width: 375, height: 740 },
    });
    context.setDefaultTimeout(8000);
    page = await context.newPage();
    const ja = texts.t('ja');
    const press = (name: string) => page.getByRole('button', { name, exact: true }).last().click();
    const type = async (text: string) => {
      await page.locator('#input').fill(text);
      await page.keyboard.press('Enter');
    };
    await page.goto(`${url}/`);
    await eventually(async () => expect((await lastBotTexts(1))[0]).toBe(ja('menu.prompt')));

    await press(ja('menu.apply'));
    const loginLink = page.locator('.card a.card-button').last();
    await eventually(async () =>
      expect(await loginLink.textContent()).toContain(ja('login.button')),
    );
    const [login] = await Promise.all([context.waitForEvent('page'), loginLink.click()]);
    await login.waitForLoadState();
    await login.locator('#studentId').fill('b0654321');
    await login.locator('#password').fill('demo1234');
    await Promise.all([login.waitForLoadState(), login.locator('button[type=submit]').click()]);
    await login.close();

    await eventually(async () => expect((await lastBotTexts(1))[0]).toBe(ja('email.askAddress')));
    const before = new Set(await readdir(outbox));
    await type('hanako.yoshida@example.ac.jp');
    await eventually(async () => expect((await lastBotTexts(1))[0]).toBe(ja('email.askCheck')));
    await type('hanako.yoshida@example.ac.jp');
    await eventually(async () => expect((await readdir(outbox)).length).toBe(before.size + 1));
    const newest = (await readdir(outbox)).find((file) => !before.has(file)) ?? '';
    const mail = await simpleParser(await readFile(join(outbox, newest)));
    const link = /(http:\/\/\S+\/auth\/email\/confirm\?token=[\w-]+)/.exec(mail.text ?? '')?.[1];
    const confirm = await context.newPage();
    await confirm.goto(link ?? '');
    await Promise.all([confirm.waitForLoadState(), confirm.locator('button[type=submit]').click()]);
    await confirm.close();

    // The application goes on where it was: the certificates a graduate student may order.
    await eventually(async () =>
      expect((await lastBotTexts(1))[0]).toBe(ja('order.chooseCertificate')),
    );
    await press('修了見込証明書');
    await eventually(async () => expect((await lastBotTexts(1))[0]).toContain('修了見込証明書'));
    await press(ja('order.languageJa'));
    await eventually(async () => expect((await lastBotTexts(1))[0]).toContain('400円'));
    await type('2');
    await eventually(async () => expect((await lastBotTexts(1))[0]).toBe(ja('order.addMore')));
    await press(ja('order.noMore'));
    await eventually(async () => expect((await lastBotTexts(1))[0]).toBe(ja('order.chooseStore')));
    await press('セブン-イレブン');
    const summary = page.locator('.card').last();
    await eventually(async () =>
      expect(await summary.locator('.card-title').textContent()).toBe(ja('order.summaryTitle')),
    );
    expect(await summary.textContent()).toContain('800円');
    await press(ja('order.confirm'));
    await eventually(async () =>
      expect((await lastBotTexts(1))[0]).toBe(ja('order.choosePayment')),
    );
    await press(ja('order.method.paypal'));

    const payLink = page.locator('.card a.card-button').last();
    await eventually(async () =>
      expect(await payLink.textContent()).toContain(ja('order.payButton')),
    );
    const [checkout] = await Promise.all([context.waitForEvent('page'), payLink.click()]);
    await checkout.waitForLoadState();
    await Promise.all([
      checkout.waitForLoadState(),
      checkout.locator('form button[type=submit]').first().click(),
    ]);
    await checkout.close();

    const hero = page.locator('.card .card-hero').last();
    await eventually(async () => expect(await hero.textContent()).toMatch(/^[A-Z0-9]{8}$/));
    const number = (await hero.textContent()) ?? '';

    const store = await context.newPage();
    await store.goto(`${url}/store/seven-eleven`);
    await store.locator('#number').fill(number.toLowerCase());
    await Promise.all([
      store.waitForLoadState(),
      store.locator('form button[type=submit]').click(),
    ]);
    const title = (await page.locator('.card .card-title').last().textContent()) ?? '';
    const orderId = /([A-Z0-9]{10})/.exec(title)?.[1] ?? '';
    await eventually(async () =>
      expect(await bot().allTextContents()).toContain(ja('order.printed', { orderId })),
    );

    // The printed paper is a Japanese certificate whose QR code leads to its verification page.
    const documentHref = (await store.locator('#document').getAttribute('href')) ?? '';
    const pdf = await (await store.request.get(`${url}${documentHref}`)).body();
    const [firstPage] = await pdfPageTexts(pdf);
    expect(firstPage).toContain('修了見込証明書');
    expect(firstPage).toContain('吉田 花子');
    const [scanned] = await scanQrCodes(pdf, 1, 100);
    expect(scanned).toMatch(new RegExp(`^${url}/verify/[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$`));
    await store.goto(scanned);
    const verify = texts.t('ja', 'store');
    expect(await store.locator('#verified').textContent()).toBe(verify('verify.heading'));
    expect(await store.locator('#certificate').first().textContent()).toBe(
      verify('verify.certificateIn', {
        name: '修了見込証明書',
        language: verify('verify.languages.ja'),
      }),
    );
    expect(await store.locator('#holder').textContent()).toBe('吉＊ 花＊');
    expect(await store.locator('#order').textContent()).toBe(orderId);
    await context.close();
    // Some 40 steps of 8–10 s each at most: alone it takes about 16 s, but CI's two workers run it
    // beside the process suites (several services compiling at once, 5,000-student pushes), where
    // it once took over 120 s without any step failing.
  }, 300_000);
});
