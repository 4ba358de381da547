import { request } from 'node:http';
import { DOMParser } from '@xmldom/xmldom';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import type { Language } from '../../src/i18n/language';
import type { Texts } from '../../src/i18n/i18n';
import { ManualClock } from '../../src/platform/clock';
import { startService, type ServiceHarness } from '../support/appHarness';
import { capturedLogger } from '../support/capturedLogger';
import { FakeLineApi, urisIn } from '../support/fakeLineApi';
import { freePort } from '../support/freePort';
import { LineEvents, postLineWebhook, webhookBody } from '../support/lineWebhook';
import { TEST_REDIS_URL } from '../support/redis';
import {
  base64Of,
  IDP_SSO_URL,
  TestShibbolethIdp,
  TRANSIENT,
  type AuthnRequestSeen,
  type ResponseOptions,
} from '../support/samlTestIdp';
import { loadTexts } from '../support/texts';
import { linkOf, WebChatStudent } from '../support/webChatStudent';

jest.setTimeout(60_000);

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const LINE_SECRET = 'saml-test-channel-secret';
const ACCOUNT_LINK_URL = 'https://access.line.example/dialog/bot/accountLink';
const TARO = { name: '京大 太郎', studentId: 'a0123456' };

interface Answer {
  status: number;
  location: string | null;
  html: string;
}

/**
 * The student's browser's cookie for this service: set by `/auth/login/start`, sent with the
 * IdP's answer (the login is bound to the browser that started it).
 */
let browserCookie = '';

/** Posts the IdP's answer to the ACS as the IdP's auto-submitting form does. */
async function postToAcs(base: string, samlResponse: string, language = 'ja'): Promise<Answer> {
  const response = await fetch(`${base}/auth/saml/acs`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Accept-Language': language,
      Origin: new URL(IDP_SSO_URL).origin,
      ...(browserCookie ? { Cookie: browserCookie } : {}),
    },
    body: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    html: await response.text(),
  };
}

/**
 * SAML single sign-on through the whole service (real Redis, SMTP), against an independent IdP
 * configured like a stock Shibboleth IdP (see test/support/samlTestIdp.ts).
 */
describe('SAML single sign-on with a stock Shibboleth IdP', () => {
  let texts: Texts;
  let idp: TestShibbolethIdp;
  let service: ServiceHarness;
  let base: string;
  let logLines: string[];

  const auth = (language: Language) => texts.t(language, 'auth');

  beforeAll(async () => {
    texts = await loadTexts();
    idp = await TestShibbolethIdp.create();
  });
  afterAll(() => idp.close());

  async function start(env: Record<string, string> = {}, clock?: ManualClock): Promise<void> {
    const captured = capturedLogger();
    logLines = captured.lines;
    service = await startService(
      { ...idp.env(), ...env },
      { logger: captured.logger, ...(clock ? { clock } : {}) },
    );
    base = service.base;
    // The IdP registers our metadata, as GakuNin or the university would.
    idp.trust(await (await fetch(`${base}/auth/saml/metadata`)).text());
  }

  /** A web-chat student who asked to log in: their chat and the login link. */
  async function askToLogIn(locale: string): Promise<{ student: WebChatStudent; url: string }> {
    const student = await WebChatStudent.open(base, locale);
    await student.hear(2);
    await student.say('login');
    const [card] = await student.hear(1);
    return { student, url: linkOf(card) };
  }

  /** Our login page, its button, and the redirect to the IdP with the AuthnRequest. */
  async function continueToIdp(loginUrl: string, language: Language): Promise<AuthnRequestSeen> {
    const page = await fetch(loginUrl);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(auth(language)('sso.continue'));
    const href = /id="sso-start" href="([^"]+)"/.exec(html)?.[1].replace(/&amp;/g, '&') ?? '';
    const redirect = await fetch(new URL(href, base), { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    browserCookie = (redirect.headers.get('set-cookie') ?? '').split(';')[0];
    expect(browserCookie).toMatch(/^certbot_sso=[\w-]{43}$/);
    const location = redirect.headers.get('location') ?? '';
    expect(location.startsWith(`${IDP_SSO_URL}?SAMLRequest=`)).toBe(true);
    return idp.readAuthnRequest(location);
  }

  /** A web-chat student, sent to the IdP: the chat and the AuthnRequest the IdP got. */
  async function atTheIdp(locale = 'ja-JP', language: Language = 'ja') {
    const { student, url } = await askToLogIn(locale);
    return { student, url, authn: await continueToIdp(url, language) };
  }

  async function nothingBound(): Promise<void> {
    const { redis, keys } = service.redis;
    expect(await redis.exists(keys.student(TARO.studentId))).toBe(0);
    expect(await redis.keys(`${service.redis.prefix}account:*`)).toEqual([]);
    expect(await redis.keys(`${service.redis.prefix}auth:nonce:*`)).toEqual([]);
  }

  function expectSsoFailed(answer: Answer, language: Language): void {
    expect(answer.status).toBe(401);
    expect(answer.html).toContain(`<html lang="${language}">`);
    expect(answer.html).toContain(auth(language)('ssoFailed.title'));
  }

  /** Why the service refused, from its log lines (the page never says). */
  function refusals(): { reason: string; detail?: string }[] {
    return logLines
      .map((line) => JSON.parse(line) as { event?: string; reason: string; detail?: string })
      .filter((entry) => entry.event === 'saml_refused')
      .map(({ reason, detail }) => (detail === undefined ? { reason } : { reason, detail }));
  }

  /** The one refusal logged, and the login metric's outcome line beside it. */
  function expectRefusal(reason: string, detail?: RegExp): void {
    const logged = refusals();
    expect(logged).toHaveLength(1);
    expect(logged[0].reason).toBe(reason);
    if (detail) expect(logged[0].detail).toMatch(detail);
    expect(logLines.some((line) => /"event":"login","outcome":"refused"/.test(line))).toBe(true);
  }

  describe('the service provider on one instance', () => {
    beforeEach(() => start());
    afterEach(() => service.close());

    it('serves its metadata: entity ID, ACS URL (HTTP-POST), our certificate for signing and encryption', async () => {
      const response = await fetch(`${base}/auth/saml/metadata`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/samlmetadata+xml');
      const root = new DOMParser().parseFromString(
        await response.text(),
        'text/xml',
      ).documentElement;
      expect(root.localName).toBe('EntityDescriptor');
      expect(root.namespaceURI).toBe(MD);
      expect(root.getAttribute('entityID')).toBe(`${base}/auth/saml/metadata`);
      const sp = root.getElementsByTagNameNS(MD, 'SPSSODescriptor')[0];
      expect(sp.getAttribute('AuthnRequestsSigned')).toBe('true');
      const acs = Array.from(sp.getElementsByTagNameNS(MD, 'AssertionConsumerService'));
      expect(acs.map((a) => [a.getAttribute('Binding'), a.getAttribute('Location')])).toEqual([
        ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', `${base}/auth/saml/acs`],
      ]);
      const keys = Array.from(sp.getElementsByTagNameNS(MD, 'KeyDescriptor')).map((key) => [
        key.getAttribute('use'),
        (key.getElementsByTagNameNS(DS, 'X509Certificate')[0].textContent ?? '').replace(/\s/g, ''),
      ]);
      const ours = base64Of(idp.spKeys.cert);
      expect(keys).toEqual([
        ['signing', ours],
        ['encryption', ours],
      ]);
      expect(sp.getElementsByTagNameNS(MD, 'NameIDFormat')[0].textContent).toBe(TRANSIENT);
    });

    it('logs a web-chat student in: our page, a signed AuthnRequest, the Shibboleth answer, the chat', async () => {
      const ja = texts.t('ja');
      const { student, url } = await askToLogIn('ja-JP');
      const page = await (await fetch(url)).text();
      // The page says which chat is being linked before the student leaves for the IdP.
      expect(page).toContain(
        auth('ja')('linking.unnamed', { channel: auth('ja')('channel.webchat') }),
      );

      const authn = await continueToIdp(url, 'ja');
      expect(authn.signatureValid).toBe(true);
      expect(authn.samlifyId).toBe(authn.id);
      expect(authn.sigAlg).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
      expect(authn.nameIdFormat).toBe(TRANSIENT);
      expect(authn.issuer).toBe(`${base}/auth/saml/metadata`);
      expect(authn.destination).toBe(IDP_SSO_URL);
      expect(authn.acsUrl).toBe(`${base}/auth/saml/acs`);
      expect(authn.protocolBinding).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');

      const done = await postToAcs(base, await idp.respond());
      expect(done.status).toBe(200);
      expect(done.html).toContain(auth('ja')('done.body', { name: TARO.name }));
      expect(await student.hearTexts(3)).toEqual([
        `${ja('login.done', TARO)}\n${ja('login.unlinkHint')}`,
        ja('email.firstLogin'),
        ja('email.askAddress'),
      ]);
    });

    it.each<[string, ResponseOptions]>([
      ['a signed, encrypted assertion in an unsigned Response', { protection: 'signedAssertion' }],
      [
        'a signed assertion, not encrypted, in an unsigned Response',
        { protection: 'signedAssertion', encrypt: false },
      ],
      ['a signed Response with a plain assertion', { encrypt: false }],
      [
        'a student known by eduPersonScopedAffiliation only',
        { affiliations: [], scopedAffiliations: ['member@example.ac.jp', 'student@example.ac.jp'] },
      ],
    ])('accepts %s', async (_shape, options) => {
      const { student } = await atTheIdp('en-US', 'en');
      const done = await postToAcs(base, await idp.respond(options));
      expect(done.status).toBe(200);
      expect(done.html).toContain(auth('en')('done.body', { name: 'Taro Kyodai' }));
      const [first] = await student.hearTexts(3);
      expect(first.startsWith(texts.t('en')('login.done', { ...TARO, name: 'Taro Kyodai' }))).toBe(
        true,
      );
    });

    const OTHER_ACS = 'https://other-sp.example.ac.jp/Shibboleth.sso/SAML2/POST';
    it.each<[string, ResponseOptions, { reason: string; detail?: RegExp }]>([
      [
        'an unsigned response',
        { protection: 'unsigned' },
        { reason: 'rejected_by_library', detail: /signature/i },
      ],
      [
        'an unsigned response with a plain assertion',
        { protection: 'unsigned', encrypt: false },
        { reason: 'rejected_by_library', detail: /signature/i },
      ],
      [
        'a response signed by a key the metadata does not list',
        { stranger: true },
        { reason: 'rejected_by_library', detail: /signature/i },
      ],
      [
        'an assertion signed by a key the metadata does not list',
        { stranger: true, protection: 'signedAssertion' },
        { reason: 'rejected_by_library', detail: /signature/i },
      ],
      [
        'a wrong audience',
        { audience: 'https://other-sp.example.ac.jp/shibboleth' },
        { reason: 'rejected_by_library', detail: /audience/i },
      ],
      ['a wrong Destination', { destination: OTHER_ACS }, { reason: 'destination' }],
      ['a wrong Recipient', { recipient: OTHER_ACS }, { reason: 'recipient' }],
      [
        'an assertion that expired (NotOnOrAfter passed)',
        { now: Date.now() - 10 * 60_000, validForMs: 5 * 60_000 },
        { reason: 'expired' },
      ],
      [
        'an unknown Issuer (signed with a trusted key)',
        { issuer: 'https://evil.example.org/idp' },
        { reason: 'issuer' },
      ],
    ])(
      'refuses %s: the ssoFailed page in the login request’s language, nothing bound',
      async (_case, options, { reason, detail }) => {
        const { url } = await atTheIdp('en-US', 'en');
        // The browser says Japanese; the page follows the login request, which is English.
        const refused = await postToAcs(base, await idp.respond(options), 'ja');
        expectSsoFailed(refused, 'en');
        expectRefusal(reason, detail);
        await nothingBound();
        // The login link itself is not used up: the student can start again.
        expect((await fetch(url)).status).toBe(200);
      },
    );

    it('refuses a forged assertion put where a genuine signed one was (signature wrapping)', async () => {
      await atTheIdp();
      const genuine = Buffer.from(
        await idp.respond({ protection: 'signedAssertion', encrypt: false }),
        'base64',
      ).toString('utf8');
      const signed = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(genuine)?.[0] ?? '';
      expect(signed).toContain('<ds:Signature');
      // Same ID, no signature, another student: the genuine one hidden in Extensions.
      const forged = signed
        .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
        .replace('a0123456@example.ac.jp', 'b0654321@example.ac.jp');
      const wrapped = genuine.replace(
        signed,
        `<saml2p:Extensions>${signed}</saml2p:Extensions>${forged}`,
      );
      const answer = await postToAcs(base, Buffer.from(wrapped).toString('base64'));
      expectSsoFailed(answer, 'ja');
      expectRefusal('rejected_by_library', /signature/i);
      await nothingBound();
      expect(await service.redis.redis.exists(service.redis.keys.student('b0654321'))).toBe(0);
    });

    it('refuses an answer to an AuthnRequest it never issued', async () => {
      await atTheIdp();
      const forged = await idp.respond({ inResponseTo: `_${'0'.repeat(40)}` });
      expectSsoFailed(await postToAcs(base, forged, 'ja'), 'ja');
      expectRefusal('unknown_request');
      await nothingBound();
    });

    it('refuses an answer from another browser: a forwarded IdP link links nothing', async () => {
      // The attacker starts a login for their own chat and sends the IdP's URL to a student,
      // whose browser never went through /auth/login/start.
      await atTheIdp();
      const answer = await idp.respond();
      browserCookie = '';
      expectSsoFailed(await postToAcs(base, answer, 'ja'), 'ja');
      expectRefusal('other_browser');
      await nothingBound();
      // Nor does a cookie of another login of the same service.
      await atTheIdp();
      const second = await idp.respond();
      browserCookie = 'certbot_sso=' + 'A'.repeat(43);
      expectSsoFailed(await postToAcs(base, second, 'ja'), 'ja');
      await nothingBound();
    });

    it('refuses a replay of a good answer', async () => {
      const { student } = await atTheIdp();
      const answer = await idp.respond();
      expect((await postToAcs(base, answer)).status).toBe(200);
      await student.hear(3);
      expectSsoFailed(await postToAcs(base, answer, 'en'), 'en');
      expectRefusal('unknown_request');
    });

    it('tells a staff member the service is for students, and binds nothing', async () => {
      await atTheIdp('en-US', 'en');
      const staff = await idp.respond({
        principal: 'a0123456@example.ac.jp',
        affiliations: ['member', 'staff', 'employee'],
      });
      const answer = await postToAcs(base, staff, 'ja');
      expect(answer.status).toBe(403);
      expect(answer.html).toContain(auth('en')('notStudent.title'));
      await nothingBound();
    });

    it('tells a student the records do not know to contact student affairs', async () => {
      await atTheIdp();
      const answer = await postToAcs(
        base,
        await idp.respond({ principal: 'z9999999@example.ac.jp' }),
      );
      expect(answer.status).toBe(403);
      expect(answer.html).toContain(auth('ja')('notInRecords.title'));
      await nothingBound();
    });

    it('refuses a student ID at a scope the IdP metadata does not allow', async () => {
      await atTheIdp();
      const foreign = await idp.respond({ principal: 'a0123456@other-university.ac.jp' });
      expectSsoFailed(await postToAcs(base, foreign), 'ja');
      expectRefusal('scope');
      await nothingBound();
    });

    it('answers 413 to an oversized post, and a garbled one with the ssoFailed page', async () => {
      const body = `SAMLResponse=${'A'.repeat(300 * 1024)}`;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          `${base}/auth/saml/acs`,
          {
            method: 'POST',
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              'Content-Length': Buffer.byteLength(body),
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(status).toBe(413);
      expectSsoFailed(await postToAcs(base, 'bm90IHhtbA=='), 'ja');
      expectSsoFailed(await postToAcs(base, ''), 'ja');
      expect(refusals()).toEqual([{ reason: 'unreadable' }, { reason: 'unreadable' }]);
    });
  });

  describe('times, by the service’s clock', () => {
    let clock: ManualClock;
    beforeEach(async () => {
      clock = new ManualClock(new Date().toISOString());
    });
    afterEach(() => service.close());

    it('refuses an answer the IdP made at the real time once the service’s clock is past it', async () => {
      await start({}, clock);
      await atTheIdp();
      const answer = await idp.respond({ now: Date.now(), validForMs: 5 * 60_000 });
      clock.advance({ minutes: 7 });
      expectSsoFailed(await postToAcs(base, answer), 'ja');
      expectRefusal('expired');
      await nothingBound();
    });

    it('accepts an answer valid by the service’s clock, two hours ahead of the wall clock', async () => {
      clock.advance({ hours: 2 });
      await start({}, clock);
      const { student } = await atTheIdp();
      const answer = await idp.respond({ now: clock.now().toMillis() });
      expect((await postToAcs(base, answer)).status).toBe(200);
      await student.hear(3);
    });
  });

  describe('LINE account linking', () => {
    let lineApi: FakeLineApi;
    beforeEach(async () => {
      lineApi = await FakeLineApi.start();
      await start({
        LINE_CHANNEL_SECRET: LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: lineApi.accessToken,
        LINE_API_BASE_URL: lineApi.baseUrl,
        LINE_ACCOUNT_LINK_URL: ACCOUNT_LINK_URL,
      });
    });
    afterEach(async () => {
      await service.close();
      await lineApi.close();
    });

    it('goes from the link token through the IdP to LINE’s account-link URL with a nonce, then binds', async () => {
      const ja = texts.t('ja');
      const events = new LineEvents(lineApi);
      const user = `U${'a'.repeat(32)}`;
      const post = (event: unknown) =>
        postLineWebhook(`${base}/api/line`, webhookBody([event]), { secret: LINE_SECRET });
      await post(events.follow(user));
      await lineApi.waitForMessages(user, 2);
      await post(events.text(user, 'ログイン'));
      const messages = await lineApi.waitForMessages(user, 3);
      const [loginUrl] = urisIn(messages[2]);
      expect(loginUrl.startsWith(`${base}/auth/login?request=`)).toBe(true);

      const authn = await continueToIdp(loginUrl, 'ja');
      expect(authn.signatureValid).toBe(true);
      const answer = await postToAcs(base, await idp.respond());
      expect(answer.status).toBe(303);
      const location = new URL(answer.location ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(ACCOUNT_LINK_URL);
      expect(location.searchParams.get('linkToken')).toBeTruthy();
      const nonce = location.searchParams.get('nonce') ?? '';
      expect(Buffer.from(nonce, 'base64url').length).toBeGreaterThanOrEqual(16);

      await post(events.accountLink(user, 'ok', nonce));
      const all = await lineApi.waitForMessages(user, 6);
      expect(all[3].text).toBe(`${ja('login.done', TARO)}\n${ja('login.unlinkHint')}`);
    });
  });

  describe('two instances sharing Redis', () => {
    let other: App;
    afterEach(async () => {
      await other?.close();
      await service.close();
    });

    it('completes on one instance a login started on the other', async () => {
      await start();
      // Behind one load balancer both have the same PUBLIC_URL (so the same ACS URL).
      const port = await freePort();
      other = await createApp(
        loadConfig({
          PORT: String(port),
          PUBLIC_URL: base,
          REDIS_URL: TEST_REDIS_URL,
          REDIS_KEY_PREFIX: service.redis.prefix,
          SMTP_URL: service.smtp.url,
          LOG_LEVEL: 'silent',
          ...idp.env(),
        }),
      );
      const otherBase = await other.listen(port, '127.0.0.1');
      const { student } = await atTheIdp();
      const done = await postToAcs(otherBase, await idp.respond());
      expect(done.status).toBe(200);
      expect(done.html).toContain(auth('ja')('done.body', { name: TARO.name }));
      const [first] = await student.hearTexts(3);
      expect(first.startsWith(texts.t('ja')('login.done', TARO))).toBe(true);
    });
  });
});
