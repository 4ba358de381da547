import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import type { Translate } from '../../src/i18n/i18n';
import { eventually, launchChromium, notFound, recordPageProblems } from '../support/browser';
import { startRedisServer, type PrivateRedis } from '../support/redisServer';
import { waitFor } from '../support/serviceProcess';
import { loadTexts } from '../support/texts';

jest.setTimeout(90_000);

/**
 * The web chat page while the service's Redis is stopped: the student's message is refused
 * (503), the page says so in the student's language and keeps the text; sent again once Redis
 * is back, it is answered.
 */
describe('web chat in Chromium while Redis is unreachable', () => {
  let server: PrivateRedis;
  let app: App;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const t: Record<'ja' | 'en', Translate> = {} as Record<'ja' | 'en', Translate>;

  beforeAll(async () => {
    const texts = await loadTexts();
    t.ja = texts.t('ja', 'webchat');
    t.en = texts.t('en', 'webchat');
    server = await startRedisServer({ appendOnly: true });
    app = await createApp(
      loadConfig({ LOG_LEVEL: 'silent', REDIS_URL: server.url, REDIS_KEY_PREFIX: 'outage:' }),
    );
    url = await app.listen(0, '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await server?.dispose();
  });

  async function healthStatus(): Promise<number> {
    return (await fetch(`${url}/healthz`)).status;
  }

  it.each(['ja', 'en'] as const)(
    'says so in %s and keeps the message to send again',
    async (lng) => {
      context = await browser.newContext({ locale: lng === 'ja' ? 'ja-JP' : 'en-US' });
      page = await context.newPage();
      problems = [];
      recordPageProblems(page, problems, notFound);
      try {
        await page.goto(`${url}/`);
        const bot = page.locator('.msg-bot .bubble');
        const user = page.locator('.msg-user .bubble');
        await bot.first().waitFor();
        const greeted = await bot.count();

        await server.stop();
        while ((await healthStatus()) !== 503);
        const input = page.locator('#input');
        await input.fill('help');
        await input.press('Enter');
        const error = page.locator('#error');
        await eventually(async () =>
          expect(await error.textContent()).toBe(t[lng]('page.errors.unavailable')),
        );
        await eventually(async () => expect(await input.inputValue()).toBe('help'));
        expect(await user.count()).toBe(0);

        await server.restart();
        await waitFor(() => app.redis?.status === 'ready', 'the service to reconnect', 30_000);
        await input.press('Enter');
        await eventually(async () => expect(await user.allTextContents()).toEqual(['help']));
        await eventually(async () => expect(await bot.count()).toBeGreaterThan(greeted), 20_000);
        expect(await error.isHidden()).toBe(true);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
