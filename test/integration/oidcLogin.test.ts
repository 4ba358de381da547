import { DateTime } from 'luxon';
import { escapeHtml } from '../../src/http/html';
import type { Texts } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import { ManualClock } from '../../src/platform/clock';
import { startService, type ServiceHarness } from '../support/appHarness';
import { capturedLogger } from '../support/capturedLogger';
import {
  OIDC_CLIENT,
  OTHER_CLIENT,
  TestOpenIdProviders,
  type ProviderIssuers,
} from '../support/openIdProviders';
import { declineAtProvider, logInAtProvider } from '../support/providerLogin';
import { TestBrowser, type BrowserAnswer } from '../support/testBrowser';
import { FakeLineApi, urisIn } from '../support/fakeLineApi';
import { LineEvents, postLineWebhook, webhookBody } from '../support/lineWebhook';
import { loadTexts } from '../support/texts';
import { linkOf, WebChatStudent } from '../support/webChatStudent';
import type { AppOverrides } from '../../src/app';

jest.setTimeout(60_000);

const STUDENT = 'a0123456@example.ac.jp';
const LINE_SECRET = 'oidc-test-channel-secret';
const ACCOUNT_LINK_URL = 'https://access.line.example/dialog/bot/accountLink';

/**
 * OpenID Connect single sign-on through the whole service (web chat, real Redis) against real
 * OpenID Providers (`oidc-provider`, in their own process): the student's browser goes from our
 * login page to the provider's login and back to `/auth/oidc/callback`; every refusal is the
 * `ssoFailed` page in the student's language and binds nothing.
 */
describe('OpenID Connect login', () => {
  let providers: TestOpenIdProviders;
  let issuers: ProviderIssuers;
  let texts: Texts;
  let services: ServiceHarness[] = [];

  beforeAll(async () => {
    texts = await loadTexts();
    providers = await TestOpenIdProviders.start();
    issuers = providers.issuers;
  });
  afterAll(async () => {
    await providers.close();
  });
  afterEach(async () => {
    for (const service of services) await service.close();
    services = [];
  });

  /** The service with OpenID Connect at `issuer`, registered there with its callback. */
  async function start(
    options: { issuer?: string; env?: Record<string, string>; overrides?: AppOverrides } = {},
  ): Promise<ServiceHarness> {
    const service = await startService(
      {
        OIDC_ISSUER: options.issuer ?? issuers.main,
        OIDC_CLIENT_ID: OIDC_CLIENT.id,
        OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        ...options.env,
      },
      options.overrides,
    );
    services.push(service);
    await providers.allow(OIDC_CLIENT, `${service.base}/auth/oidc/callback`);
    return service;
  }

  /** A web-chat student who asked to log in, and the login link the bot gave. */
  async function studentWithLoginLink(
    base: string,
    language: Language = 'en',
  ): Promise<{ student: WebChatStudent; loginUrl: string }> {
    const student = await WebChatStudent.open(base, language === 'en' ? 'en-US' : 'ja-JP');
    await student.hear(2);
    await student.say(texts.t(language)('menu.login'));
    const [card] = await student.hear(1);
    return { student, loginUrl: linkOf(card) };
  }

  /** Our login page, then its button: the authorization URL our service sends the browser to. */
  async function continueToProvider(browser: TestBrowser, loginUrl: string): Promise<string> {
    const page = await browser.get(loginUrl);
    expect(page.status).toBe(200);
    const href = /id="sso-start" href="([^"]*)"/.exec(page.html)?.[1] ?? '';
    const started = await browser.get(new URL(href.replace(/&amp;/g, '&'), loginUrl).toString());
    expect(started.status).toBe(303);
    return started.location ?? '';
  }

  /** The whole way for `login`, up to the callback URL the provider sends the browser to. */
  async function callbackFor(browser: TestBrowser, loginUrl: string, login = STUDENT) {
    return logInAtProvider(browser, await continueToProvider(browser, loginUrl), login);
  }

  /** What the chat says once `a0123456` logged in (English). */
  function loggedInTexts(): string[] {
    const en = texts.t('en');
    return [
      `${en('login.done', { name: 'Taro Kyodai', studentId: 'a0123456' })}\n${en('login.unlinkHint')}`,
      en('email.firstLogin'),
      en('email.askAddress'),
    ];
  }

  function expectPage(answer: BrowserAnswer, language: Language, message: string, status: number) {
    expect(answer.status).toBe(status);
    expect(answer.html).toContain(escapeHtml(texts.t(language, 'auth')(`${message}.title`)));
  }

  /**
   * Nothing was bound by what came before: the same login link still completes, and the chat
   * says "logged in" exactly once, after it.
   */
  async function expectStillUnbound(
    service: ServiceHarness,
    student: WebChatStudent,
    loginUrl: string,
  ): Promise<void> {
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    const done = await browser.get(await callbackFor(browser, loginUrl));
    expectPage(done, 'en', 'done', 200);
    expect(await student.hearTexts(3)).toEqual(loggedInTexts());
    expect(student.transcript.filter((m) => m.text?.startsWith(loggedInTexts()[0]))).toHaveLength(
      1,
    );
  }

  it('logs a web-chat student in through the provider, with PKCE, state and nonce', async () => {
    const service = await start();
    const { student, loginUrl } = await studentWithLoginLink(service.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });

    const page = await browser.get(loginUrl);
    expect(page.html).toContain(escapeHtml(texts.t('en', 'auth')('sso.continue')));
    const authorization = new URL(await continueToProvider(browser, loginUrl));
    expect(`${authorization.origin}${authorization.pathname}`).toBe(`${issuers.main}/auth`);
    const asked = Object.fromEntries(authorization.searchParams);
    expect(asked).toEqual(
      expect.objectContaining({
        client_id: OIDC_CLIENT.id,
        response_type: 'code',
        redirect_uri: `${service.base}/auth/oidc/callback`,
        scope: 'openid profile',
        code_challenge_method: 'S256',
      }),
    );
    expect(asked.state.length).toBeGreaterThanOrEqual(43);
    expect(asked.nonce.length).toBeGreaterThanOrEqual(43);
    expect(asked.code_challenge).toMatch(/^[\w-]{43}$/);

    const callback = await logInAtProvider(browser, authorization.toString(), STUDENT);
    const done = await browser.get(callback);
    expectPage(done, 'en', 'done', 200);
    expect(done.html).toContain('Taro Kyodai');
    expect(await student.hearTexts(3)).toEqual(loggedInTexts());
  });

  it('refuses a callback with a tampered or missing state, and binds nothing', async () => {
    const service = await start();
    const { student, loginUrl } = await studentWithLoginLink(service.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    const callback = new URL(await callbackFor(browser, loginUrl));

    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')?.slice(0, -4)}AAAA`);
    expectPage(await browser.get(tampered.toString()), 'en', 'ssoFailed', 401);
    const missing = new URL(callback);
    missing.searchParams.delete('state');
    expectPage(await browser.get(missing.toString()), 'en', 'ssoFailed', 401);
    // Neither used the real state up: the genuine answer still completes the login.
    expectPage(await browser.get(callback.toString()), 'en', 'done', 200);
    expect(await student.hearTexts(3)).toEqual(loggedInTexts());
  });

  it('refuses a replayed callback: the state is taken once', async () => {
    const service = await start();
    const { student, loginUrl } = await studentWithLoginLink(service.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    const callback = await callbackFor(browser, loginUrl);

    expectPage(await browser.get(callback), 'en', 'done', 200);
    expectPage(await browser.get(callback), 'en', 'ssoFailed', 401);
    // From another browser (the code stolen from a log, say) just the same.
    expectPage(await new TestBrowser().get(callback), 'ja', 'ssoFailed', 401);
    expect(await student.hearTexts(3)).toEqual(loggedInTexts());
  });

  it('refuses an ID token with another nonce (a code obtained with the same PKCE challenge)', async () => {
    const { logger, lines } = capturedLogger();
    const service = await start({ overrides: { logger } });
    const { student, loginUrl } = await studentWithLoginLink(service.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    // An attacker who saw the authorization request asks for a code with their own nonce.
    const authorization = new URL(await continueToProvider(browser, loginUrl));
    authorization.searchParams.set('nonce', 'an-attackers-nonce-0123456789abcdefghijklmnop');
    const callback = await logInAtProvider(new TestBrowser(), authorization.toString(), STUDENT);

    expectPage(await browser.get(callback), 'en', 'ssoFailed', 401);
    expect(refusals(lines)).toEqual([expect.stringContaining('"claim":"nonce"')]);
    await expectStillUnbound(service, student, loginUrl);
  });

  it("refuses another login's code presented with this login's state (PKCE)", async () => {
    const { logger, lines } = capturedLogger();
    const service = await start({ overrides: { logger } });
    const first = await studentWithLoginLink(service.base);
    const second = await studentWithLoginLink(service.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    const firstCallback = new URL(await callbackFor(browser, first.loginUrl));
    const secondCallback = new URL(await callbackFor(new TestBrowser(), second.loginUrl));

    const swapped = new URL(firstCallback);
    swapped.searchParams.set('code', secondCallback.searchParams.get('code') ?? '');
    expectPage(await browser.get(swapped.toString()), 'en', 'ssoFailed', 401);
    expect(refusals(lines)).toEqual([expect.stringContaining('"code":"invalid_grant"')]);
    await expectStillUnbound(service, first.student, first.loginUrl);
  });

  it('refuses an answer from another provider (its code, its iss)', async () => {
    const { logger, lines } = capturedLogger();
    const service = await start({ overrides: { logger } });
    const { student, loginUrl } = await studentWithLoginLink(service.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    // The same request, sent to the second provider, where the same client is registered.
    const authorization = new URL(await continueToProvider(browser, loginUrl));
    const elsewhere = new URL(`${issuers.other}${authorization.pathname}${authorization.search}`);
    const callback = new URL(await logInAtProvider(browser, elsewhere.toString(), STUDENT));
    expect(callback.searchParams.get('iss')).toBe(issuers.other);

    expectPage(await browser.get(callback.toString()), 'en', 'ssoFailed', 401);
    expect(refusals(lines)).toEqual([expect.stringContaining('(issuer) response parameter')]);
    await expectStillUnbound(service, student, loginUrl);
  });

  it('refuses an ID token issued by another issuer (a mix-up at the token endpoint)', async () => {
    const { logger, lines } = capturedLogger();
    // The configured provider's discovery sends the token request to the second provider.
    const service = await start({ issuer: issuers.mixup, overrides: { logger } });
    const { loginUrl } = await studentWithLoginLink(service.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    const callback = new URL(await callbackFor(browser, loginUrl));
    expect(callback.searchParams.get('iss')).toBe(issuers.mixup);

    expectPage(await browser.get(callback.toString()), 'en', 'ssoFailed', 401);
    expect(refusals(lines)).toEqual([expect.stringContaining('"claim":"iss"')]);
  });

  it('refuses a code issued to another client', async () => {
    const { logger, lines } = capturedLogger();
    const service = await start({ overrides: { logger } });
    const attackerCallback = 'http://127.0.0.1:9/auth/oidc/callback';
    await providers.allow(OTHER_CLIENT, attackerCallback);
    const { student, loginUrl } = await studentWithLoginLink(service.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    // The other client's login, with this login's state and PKCE challenge, injected here.
    const authorization = new URL(await continueToProvider(browser, loginUrl));
    authorization.searchParams.set('client_id', OTHER_CLIENT.id);
    authorization.searchParams.set('redirect_uri', attackerCallback);
    const theirs = new URL(await logInAtProvider(new TestBrowser(), authorization.href, STUDENT));
    const injected = `${service.base}/auth/oidc/callback${theirs.search}`;

    expectPage(await browser.get(injected), 'en', 'ssoFailed', 401);
    expect(refusals(lines)).toEqual([expect.stringContaining('"code":"invalid_grant"')]);
    await expectStillUnbound(service, student, loginUrl);
  });

  it('refuses an expired ID token, by the service clock', async () => {
    const clock = new ManualClock(DateTime.now());
    const { logger, lines } = capturedLogger();
    const service = await start({ overrides: { clock, logger } });
    const { student, loginUrl } = await studentWithLoginLink(service.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    const callback = await callbackFor(browser, loginUrl);

    // The provider's ID tokens live 5 minutes (30 s of tolerance); the login link 10 minutes.
    clock.advance({ minutes: 6 });
    expectPage(await browser.get(callback), 'en', 'ssoFailed', 401);
    expect(refusals(lines)).toEqual([expect.stringContaining('"claim":"exp"')]);
    // Back to the provider's time: a fresh answer still completes the same login.
    clock.set(DateTime.now());
    await expectStillUnbound(service, student, loginUrl);
  });

  it('refuses when the student declines at the provider (error=access_denied)', async () => {
    const { logger, lines } = capturedLogger();
    const service = await start({ overrides: { logger } });
    const { student, loginUrl } = await studentWithLoginLink(service.base, 'ja');
    // The student's browser speaks English; the page follows the chat's language.
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    const callback = new URL(
      await declineAtProvider(browser, await continueToProvider(browser, loginUrl)),
    );
    expect(callback.searchParams.get('error')).toBe('access_denied');

    expectPage(await browser.get(callback.toString()), 'ja', 'ssoFailed', 401);
    expect(refusals(lines)).toEqual([expect.stringContaining('"code":"access_denied"')]);
    const again = await browser.get(await callbackFor(browser, loginUrl));
    expectPage(again, 'ja', 'done', 200);
    const ja = texts.t('ja');
    expect((await student.hearTexts(1))[0]).toBe(
      `${ja('login.done', { name: '京大 太郎', studentId: 'a0123456' })}\n${ja('login.unlinkHint')}`,
    );
  });

  it('tells a person missing from the student records to contact student affairs', async () => {
    const service = await start();
    const { student, loginUrl } = await studentWithLoginLink(service.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    const answer = await browser.get(
      await callbackFor(browser, loginUrl, 's9999999@example.ac.jp'),
    );

    expectPage(answer, 'en', 'notInRecords', 403);
    await expectStillUnbound(service, student, loginUrl);
  });

  it('refuses an answer in another browser: a forwarded provider link links nothing', async () => {
    const { logger, lines } = capturedLogger();
    const service = await start({ overrides: { logger } });
    const { student, loginUrl } = await studentWithLoginLink(service.base);
    // Someone starts the login of their own chat and sends the provider's address to a student.
    const starter = new TestBrowser({ 'Accept-Language': 'en-US' });
    const authorization = await continueToProvider(starter, loginUrl);
    const victim = new TestBrowser({ 'Accept-Language': 'en-US' });
    const callback = await logInAtProvider(victim, authorization, 'b0654321@example.ac.jp');

    expectPage(await victim.get(callback), 'en', 'ssoFailed', 401);
    expect(refusals(lines)).toEqual([expect.stringContaining('"reason":"other_browser"')]);
    // The answer is used up: not even the starter's browser, cookie and all, can bring it back.
    expectPage(await starter.get(callback), 'en', 'ssoFailed', 401);
    // The chat was not linked to the student who logged in: its own login still completes.
    await expectStillUnbound(service, student, loginUrl);
  });

  it('links a LINE account: link token, the provider, LINE’s account-link URL with a nonce', async () => {
    const lineApi = await FakeLineApi.start();
    try {
      const service = await start({
        env: {
          LINE_CHANNEL_SECRET: LINE_SECRET,
          LINE_CHANNEL_ACCESS_TOKEN: lineApi.accessToken,
          LINE_API_BASE_URL: lineApi.baseUrl,
          LINE_ACCOUNT_LINK_URL: ACCOUNT_LINK_URL,
        },
      });
      const ja = texts.t('ja');
      const events = new LineEvents(lineApi);
      const user = `U${'c'.repeat(32)}`;
      const post = (event: unknown) =>
        postLineWebhook(`${service.base}/api/line`, webhookBody([event]), { secret: LINE_SECRET });
      await post(events.follow(user));
      await lineApi.waitForMessages(user, 2);
      await post(events.text(user, 'ログイン'));
      const messages = await lineApi.waitForMessages(user, 3);
      const [loginUrl] = urisIn(messages[2]);
      expect(loginUrl.startsWith(`${service.base}/auth/login?request=`)).toBe(true);

      // LINE's in-app browser speaks Japanese.
      const browser = new TestBrowser({ 'Accept-Language': 'ja-JP' });
      const answer = await browser.get(await callbackFor(browser, loginUrl));
      expect(answer.status).toBe(303);
      const location = new URL(answer.location ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(ACCOUNT_LINK_URL);
      expect(location.searchParams.get('linkToken')).toBeTruthy();
      const nonce = location.searchParams.get('nonce') ?? '';
      expect(Buffer.from(nonce, 'base64url').length).toBeGreaterThanOrEqual(16);

      await post(events.accountLink(user, 'ok', nonce));
      const all = await lineApi.waitForMessages(user, 6);
      expect(all[3].text).toBe(
        `${ja('login.done', { name: '京大 太郎', studentId: 'a0123456' })}\n${ja('login.unlinkHint')}`,
      );
    } finally {
      await lineApi.close();
    }
  });

  it('starts nothing for a guessed, used or missing login request, and sends the browser nowhere', async () => {
    const service = await start();
    const { student, loginUrl } = await studentWithLoginLink(service.base);
    const startUrl = (request: string) =>
      `${service.base}/auth/login/start?request=${encodeURIComponent(request)}`;
    for (const request of ['A'.repeat(43), '', 'x'.repeat(5000)]) {
      const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
      const answer = await browser.get(startUrl(request));
      expectPage(answer, 'en', 'invalidLink', 410);
      expect(answer.location).toBeUndefined();
    }
    // Once the request is used, starting it again leads nowhere either.
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    expectPage(await browser.get(await callbackFor(browser, loginUrl)), 'en', 'done', 200);
    await student.hearTexts(3);
    const request = new URL(loginUrl).searchParams.get('request') ?? '';
    expectPage(await new TestBrowser().get(startUrl(request)), 'ja', 'invalidLink', 410);
  });

  it('completes on another instance a login started on this one', async () => {
    const first = await start();
    // Behind one load balancer: one public URL, one Redis prefix.
    const second = await start({
      env: { PUBLIC_URL: first.base, REDIS_KEY_PREFIX: first.redis.prefix },
    });
    const { student, loginUrl } = await studentWithLoginLink(first.base);
    const browser = new TestBrowser({ 'Accept-Language': 'en-US' });
    const callback = new URL(await callbackFor(browser, loginUrl));
    expect(callback.origin).toBe(first.base);

    const secondOrigin = `http://127.0.0.1:${new URL(second.app.server.url).port}`;
    expectPage(await browser.getThrough(callback.href, secondOrigin), 'en', 'done', 200);
    expect(await student.hearTexts(3)).toEqual(loggedInTexts());
  });
});

/** The log lines of refused OpenID Connect answers. */
function refusals(lines: string[]): string[] {
  return lines.filter((line) => line.includes('"event":"oidc_refused"'));
}
