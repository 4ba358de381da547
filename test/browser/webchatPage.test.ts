import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { MemoryWebChatOutbox } from '../../src/channels/webchat/memoryWebChatOutbox';
import type { Translate } from '../../src/i18n/i18n';
import { eventually, launchChromium, notFound, recordPageProblems } from '../support/browser';
import { startWebChatServer, type WebChatTestServer } from '../support/webchatTestServer';

jest.setTimeout(60_000);

const RATE_LIMIT = { max: 12, windowMs: 60_000 };

describe('web chat in Chromium', () => {
  let server: WebChatTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Script errors and CSP violations: the page must cause none. */
  let problems: string[];
  let ja: Translate;
  let en: Translate;

  beforeAll(async () => {
    server = await startWebChatServer({
      outbox: new MemoryWebChatOutbox(),
      limits: { rateLimit: RATE_LIMIT },
    });
    browser = await launchChromium();
    ja = server.texts.t('ja', 'webchat');
    en = server.texts.t('en', 'webchat');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 375, height: 740 } });
    page = await context.newPage();
    problems = [];
    recordPageProblems(page, problems, notFound);
    await page.goto(`${server.url}/`);
  });

  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });

  const botBubbles = () => page.locator('.msg-bot .bubble');
  const userBubbles = () => page.locator('.msg-user .bubble');

  /** The texts of all matches, once they equal `expected`. */
  const texts = (locator: Locator, expected: string[]) =>
    eventually(async () => expect(await locator.allTextContents()).toEqual(expected));
  const text = (locator: Locator, expected: string | RegExp) =>
    eventually(async () => {
      const actual = (await locator.textContent()) ?? '';
      if (typeof expected === 'string') expect(actual).toBe(expected);
      else expect(actual).toMatch(expected);
    });
  const attribute = (locator: Locator, name: string, expected: string | RegExp) =>
    eventually(async () => {
      const actual = (await locator.getAttribute(name)) ?? '';
      if (typeof expected === 'string') expect(actual).toBe(expected);
      else expect(actual).toMatch(expected);
    });
  const count = (locator: Locator, expected: number) =>
    eventually(async () => expect(await locator.count()).toBe(expected));
  const hidden = (locator: Locator) =>
    eventually(async () => expect(await locator.isHidden()).toBe(true));

  async function send(text: string): Promise<void> {
    await page.locator('#input').fill(text);
    await page.locator('#input').press('Enter');
  }

  test('greets, answers typed text and a choice, and survives a reload', async () => {
    await text(botBubbles().first(), 'Welcome! (ja-JP)');
    await hidden(page.locator('#status'));

    await page.getByRole('button', { name: 'Say hi' }).click();
    await text(userBubbles().nth(0), 'Say hi');
    await text(botBubbles().nth(1), 'echo: hi');
    await count(page.locator('.choices'), 0);

    await send('こんにちは');
    await text(userBubbles().nth(1), 'こんにちは');
    await text(botBubbles().nth(2), 'echo: こんにちは');
    await eventually(async () => expect(await page.locator('#input').inputValue()).toBe(''));

    // The same session comes back after a reload, with the conversation so far and no new greeting.
    await page.reload();
    await texts(botBubbles(), ['Welcome! (ja-JP)', 'echo: hi', 'echo: こんにちは']);
    await texts(userBubbles(), ['Say hi', 'こんにちは']);
  });

  test('renders a card: title, hero, fields, linked paragraph, safe link buttons, reply button', async () => {
    await botBubbles().first().waitFor();
    await send('card');
    const card = page.locator('.card');
    await text(card.locator('.card-title'), 'Payment');
    await text(card.locator('.card-hero'), 'L3QP5ZYC');
    await texts(card.locator('dt'), ['Amount']);
    await texts(card.locator('dd'), ['400 yen']);
    const pay = card.locator('a.card-button');
    await count(pay, 1);
    await attribute(pay, 'href', 'https://pay.example.com/checkout');
    await attribute(pay, 'target', '_blank');
    await attribute(pay, 'rel', /noopener/);
    await text(card.locator('.card-button-disabled'), 'Unsafe');
    await attribute(card.locator('.card-body a'), 'href', 'https://pay.example.com/p/1');
    await count(page.locator('a[href^="javascript:"]'), 0);

    await card.getByRole('button', { name: 'I have paid' }).click();
    await text(userBubbles().last(), 'I have paid');
    await text(botBubbles().last(), 'echo: paid');
  });

  test('shows markup as text and links only http(s) URLs', async () => {
    await botBubbles().first().waitFor();
    const attack = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    await send(attack);
    await text(userBubbles().last(), attack);
    await text(botBubbles().last(), `echo: ${attack}`);
    await count(page.locator('#log img, #log script'), 0);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();

    await send('see https://example.com/a?b=1. and javascript:alert(1)');
    const link = botBubbles().last().locator('a');
    await count(link, 1);
    await attribute(link, 'href', 'https://example.com/a?b=1');
    await attribute(link, 'rel', /noopener/);
    await attribute(link, 'target', '_blank');
  });

  test('switches the page language to English and back', async () => {
    const input = page.locator('#input');
    const toggle = page.locator('#lang-toggle');
    await attribute(input, 'placeholder', ja('page.placeholder'));
    await text(toggle, ja('page.switchLanguage'));

    await toggle.click();
    await attribute(input, 'placeholder', en('page.placeholder'));
    await text(page.locator('#send'), en('page.send'));
    await text(toggle, en('page.switchLanguage'));
    await attribute(toggle, 'aria-label', en('page.switchLanguageAria'));
    await attribute(page.locator('html'), 'lang', 'en');
    await eventually(async () => expect(await page.title()).toBe(en('page.title')));

    await page.reload();
    await attribute(input, 'placeholder', en('page.placeholder'));

    await toggle.click();
    await attribute(input, 'placeholder', ja('page.placeholder'));
    await text(page.locator('#send'), ja('page.send'));
    await attribute(page.locator('html'), 'lang', 'ja');
  });

  test('explains a refused message in the page language', async () => {
    await botBubbles().first().waitFor();
    await send('x'.repeat(2001));
    const error = page.locator('#error');
    await text(error, ja('page.errors.text_too_long', { max: 2000 }));
    await count(userBubbles(), 0);

    await page.locator('#lang-toggle').click();
    await text(error, en('page.errors.text_too_long', { max: 2000 }));

    // The greeting took one message of the session's allowance; use the rest, then one more.
    for (let i = 1; i < RATE_LIMIT.max; i++) {
      await send(`m${i}`);
      await text(botBubbles().last(), `echo: m${i}`);
    }
    await hidden(error);
    await send('one too many');
    await text(error, en('page.errors.rate_limited'));
    await text(userBubbles().last(), `m${RATE_LIMIT.max - 1}`);
    await eventually(async () =>
      expect(await page.locator('#input').inputValue()).toBe('one too many'),
    );
  });

  test('fits a 375 px wide phone screen', async () => {
    await botBubbles().first().waitFor();
    await send('card');
    await page.locator('.card').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    for (const id of ['#send', '#input']) {
      const box = await page.locator(id).boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      expect(box!.y + box!.height).toBeLessThanOrEqual(740);
    }
    await attribute(page.locator('#log'), 'aria-label', ja('page.logAria'));
  });
});

describe('web chat in Chromium, when its network opened too many chats', () => {
  let server: WebChatTestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startWebChatServer({
      outbox: new MemoryWebChatOutbox(),
      // A day-long window: the real clock cannot cross into a fresh one during the test.
      limits: { sessionsPerAddress: { max: 1, windowMs: 86_400_000 } },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('says so in the page language instead of reconnecting over and over', async () => {
    const ja = server.texts.t('ja', 'webchat');
    const first = await browser.newContext({ locale: 'ja-JP' });
    const second = await browser.newContext({ locale: 'ja-JP' });
    try {
      await (await first.newPage()).goto(`${server.url}/`);
      const page = await second.newPage();
      const problems: string[] = [];
      // The 429 itself is expected; anything else (a script error, a 404) is not.
      recordPageProblems(page, problems, notFound);
      const sessionAnswers: number[] = [];
      page.on('response', (response) => {
        if (response.url().endsWith('/api/webchat/sessions'))
          sessionAnswers.push(response.status());
      });
      await page.goto(`${server.url}/`);
      await eventually(async () =>
        expect(await page.locator('#error').textContent()).toBe(
          ja('page.errors.too_many_sessions'),
        ),
      );
      // It waits for Retry-After instead of hammering the server.
      await page.waitForTimeout(1500);
      expect(sessionAnswers).toEqual([429]);
      expect(problems).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
