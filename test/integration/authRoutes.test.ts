import { escapeHtml } from '../../src/http/html';
import type { Translate } from '../../src/i18n/i18n';
import { testRedis, type TestRedis } from '../support/redis';
import { DEMO_PASSWORD, startAuthServer, type AuthTestServer } from '../support/authTestServer';

interface Answer {
  status: number;
  html: string;
  headers: Headers;
}

interface OpenedForm extends Answer {
  /** `name=value` of the CSRF cookie, as a browser would send it back. */
  cookie: string;
  csrf: string;
}

const hidden = (html: string, name: string): string =>
  html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1] ?? '';
/** The error paragraph above the form, or '' when there is none. */
const errorOf = (html: string): string =>
  html.match(/<p class="error" id="login-error" role="alert">([^<]*)<\/p>/)?.[1] ?? '';

describe('login routes (Redis stores)', () => {
  let redis: TestRedis;
  let server: AuthTestServer;
  let ja: Translate;
  let en: Translate;

  beforeAll(async () => {
    redis = await testRedis();
    server = await startAuthServer({ redis });
    ja = server.texts.t('ja', 'auth');
    en = server.texts.t('en', 'auth');
  });
  afterAll(async () => {
    await server.close();
    await redis.cleanup();
  });
  beforeEach(() => {
    server.completed.length = 0;
    server.outcome = { kind: 'done' };
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
    return { status: response.status, html: await response.text(), headers: response.headers };
  }

  async function openForm(requestId: string, lng?: string): Promise<OpenedForm> {
    const answer = await get(`/auth/login?request=${requestId}${lng ? `&lng=${lng}` : ''}`);
    const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0];
    return { ...answer, cookie, csrf: hidden(answer.html, 'csrf') };
  }

  async function post(
    fields: Record<string, string>,
    cookie?: string,
    contentType = 'application/x-www-form-urlencoded',
  ): Promise<Answer> {
    const response = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': contentType, ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    return { status: response.status, html: await response.text(), headers: response.headers };
  }

  /** Opens the form of a new request and posts it with these credentials. */
  async function login(studentId: string, password: string, language: 'ja' | 'en' = 'ja') {
    const request = await server.newRequest(language);
    const form = await openForm(request.id);
    const answer = await post(
      { request: request.id, csrf: form.csrf, lng: language, studentId, password },
      form.cookie,
    );
    return { request, form, answer };
  }

  const expectPageHeaders = (headers: Headers): void => {
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
  };

  test('shows the form in the request language, with the manual screen fields and a CSRF cookie', async () => {
    const request = await server.newRequest('ja');
    const form = await openForm(request.id);
    expect(form.status).toBe(200);
    expectPageHeaders(form.headers);
    expect(form.html).toContain('<html lang="ja">');
    for (const key of [
      'page.title',
      'page.studentId',
      'page.password',
      'page.noteTitle',
      'page.login',
    ]) {
      expect(form.html).toContain(escapeHtml(ja(key)));
    }
    const notes = server.texts.raw<string[]>('ja', 'page.note', 'auth');
    for (const note of notes) expect(form.html).toContain(escapeHtml(note));
    expect(form.html).toContain(`href="/auth/login?request=${request.id}&amp;lng=en"`);
    expect(hidden(form.html, 'request')).toBe(request.id);
    expect(form.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(form.headers.get('set-cookie')).toBe(
      `certbot_login_csrf=${form.csrf}; Path=/auth; Max-Age=3600; HttpOnly; SameSite=Strict`,
    );
    // Showing the form does not use the request up.
    expect(await server.loginRequests.peek(request.id)).toEqual(request);
  });

  test('switches language with lng, and keeps the CSRF cookie a browser already has', async () => {
    const request = await server.newRequest('ja');
    const first = await openForm(request.id);
    const english = await get(`/auth/login?request=${request.id}&lng=en`, { Cookie: first.cookie });
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain(escapeHtml(en('page.studentId')));
    expect(english.html).toContain(`href="/auth/login?request=${request.id}&amp;lng=ja"`);
    expect(english.headers.get('set-cookie')).toBeNull();
    expect(hidden(english.html, 'csrf')).toBe(first.csrf);
    expect(hidden(english.html, 'lng')).toBe('en');
  });

  test.each([
    ['unknown', 'A'.repeat(43)],
    ['malformed', '<script>'],
    ['missing', ''],
  ])('an %s request gets the invalid-link page (410)', async (_case, id) => {
    const answer = await get(`/auth/login?request=${encodeURIComponent(id)}`, {
      'Accept-Language': 'en-US,en;q=0.9',
    });
    expect(answer.status).toBe(410);
    expectPageHeaders(answer.headers);
    expect(answer.html).toContain(escapeHtml(en('invalidLink.title')));
    expect(answer.html).toContain(escapeHtml(en('invalidLink.body')));
    expect(answer.html).not.toContain('<script>');
    expect(answer.html).not.toContain('<form');
  });

  test('a request expires after 10 minutes (injected clock)', async () => {
    const request = await server.newRequest('en');
    const form = await openForm(request.id);
    server.clock.advance({ minutes: 10 });
    try {
      expect((await openForm(request.id)).status).toBe(410);
      const answer = await post(
        {
          request: request.id,
          csrf: form.csrf,
          lng: 'en',
          studentId: 'a0123456',
          password: DEMO_PASSWORD,
        },
        form.cookie,
      );
      expect(answer.status).toBe(410);
      expect(answer.html).toContain(escapeHtml(en('invalidLink.body')));
      expect(server.completed).toHaveLength(0);
    } finally {
      server.clock.advance({ minutes: -10 });
    }
  });

  test('a correct login completes once with the directory entry and says who is logged in', async () => {
    const { request, form, answer } = await login('a0123456', DEMO_PASSWORD, 'en');
    expect(answer.status).toBe(200);
    expectPageHeaders(answer.headers);
    expect(answer.html).toContain(escapeHtml(en('done.body', { name: 'Taro Kyodai' })));
    expect(server.completed).toEqual([
      {
        request,
        entry: {
          studentId: 'a0123456',
          name: { ja: '京大 太郎', en: 'Taro Kyodai' },
          program: 'undergraduate',
          year: 4,
          finalYear: true,
          faculty: { ja: '工学部', en: 'Faculty of Engineering' },
          courses: expect.any(Array),
        },
      },
    ]);
    // Single use: the link and a replayed post now both get the invalid-link page.
    expect((await openForm(request.id)).status).toBe(410);
    const replay = await post(
      { request: request.id, csrf: form.csrf, studentId: 'a0123456', password: DEMO_PASSWORD },
      form.cookie,
    );
    expect(replay.status).toBe(410);
    expect(server.completed).toHaveLength(1);
  });

  test('the done page is in the language of the form, with the name in that language', async () => {
    const { answer } = await login('B0654321', DEMO_PASSWORD, 'ja');
    expect(answer.html).toContain(escapeHtml(ja('done.body', { name: '吉田 花子' })));
    expect(server.completed[0].entry.studentId).toBe('b0654321');
  });

  test('a redirect outcome answers 303 to its URL (LINE account link)', async () => {
    const url = 'https://access.line.example/dialog/bot/accountLink?linkToken=t&nonce=n';
    server.outcome = { kind: 'redirect', url };
    const { answer } = await login('a0123456', DEMO_PASSWORD);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(url);
    expect(server.completed).toHaveLength(1);
  });

  test('two posts of one request at once: one completes, the other finds the link used', async () => {
    const request = await server.newRequest('en');
    const form = await openForm(request.id);
    const fields = {
      request: request.id,
      csrf: form.csrf,
      studentId: 'a0123456',
      password: DEMO_PASSWORD,
    };
    const answers = await Promise.all([post(fields, form.cookie), post(fields, form.cookie)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
    expect(server.completed).toHaveLength(1);
  });

  describe('CSRF', () => {
    test.each([
      ['no cookie', (_: OpenedForm) => undefined, (f: OpenedForm) => f.csrf],
      ['no field', (f: OpenedForm) => f.cookie, () => ''],
      ['a field that differs', (f: OpenedForm) => f.cookie, () => 'B'.repeat(43)],
      [
        'a cookie that differs',
        () => `certbot_login_csrf=${'C'.repeat(43)}`,
        (f: OpenedForm) => f.csrf,
      ],
    ])(
      '%s → 403 and nothing consumed, even with the right password',
      async (_case, cookieOf, fieldOf) => {
        const request = await server.newRequest('en');
        const form = await openForm(request.id);
        const answer = await post(
          {
            request: request.id,
            csrf: fieldOf(form),
            lng: 'en',
            studentId: 'a0123456',
            password: DEMO_PASSWORD,
          },
          cookieOf(form),
        );
        expect(answer.status).toBe(403);
        expectPageHeaders(answer.headers);
        expect(answer.html).toContain(escapeHtml(en('forbidden.body')));
        expect(server.completed).toHaveLength(0);
        expect(await server.loginRequests.peek(request.id)).toEqual(request);
      },
    );
  });

  test('empty fields show the form again with a message, keeping the ID and the request', async () => {
    const request = await server.newRequest('en');
    const form = await openForm(request.id);
    for (const [studentId, password] of [
      ['', DEMO_PASSWORD],
      ['a0123456', ''],
      ['   ', ''],
    ]) {
      const answer = await post(
        { request: request.id, csrf: form.csrf, studentId, password },
        form.cookie,
      );
      expect(answer.status).toBe(422);
      expect(errorOf(answer.html)).toBe(escapeHtml(en('form.empty')));
      expect(hidden(answer.html, 'request')).toBe(request.id);
    }
    expect(await server.loginRequests.peek(request.id)).toEqual(request);
  });

  test('a wrong password and an unknown ID get one identical message; the request stays usable', async () => {
    const request = await server.newRequest('en');
    const form = await openForm(request.id);
    const attempt = (studentId: string, password: string) =>
      post({ request: request.id, csrf: form.csrf, studentId, password }, form.cookie);
    const wrong = await attempt('a0234567', 'not-the-password');
    const unknown = await attempt('z9999999', DEMO_PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(errorOf(wrong.html)).toBe(escapeHtml(en('form.invalidCredentials')));
    expect(errorOf(unknown.html)).toBe(errorOf(wrong.html));
    // The pages differ only by the ID typed back into the field, never the password.
    expect(wrong.html.replace('a0234567', 'ID')).toBe(unknown.html.replace('z9999999', 'ID'));
    expect(wrong.html).not.toContain('not-the-password');
    expect(server.completed).toHaveLength(0);
    const right = await attempt('a0234567', DEMO_PASSWORD);
    expect(right.status).toBe(200);
    expect(server.completed.map((c) => c.entry.studentId)).toEqual(['a0234567']);
  });

  test('what the student typed is escaped when the form is shown again', async () => {
    const request = await server.newRequest('en');
    const form = await openForm(request.id);
    const answer = await post(
      {
        request: request.id,
        csrf: form.csrf,
        studentId: '"><script>alert(1)</script>',
        password: 'x',
      },
      form.cookie,
    );
    expect(answer.status).toBe(401);
    expect(answer.html).not.toContain('<script>alert(1)');
    expect(answer.html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('after 5 failures an ID is limited — known or not, with the same message — even with the right password', async () => {
    for (const studentId of ['b0654321', 'y1111111']) {
      const request = await server.newRequest('en');
      const form = await openForm(request.id);
      const attempt = (password: string) =>
        post({ request: request.id, csrf: form.csrf, studentId, password }, form.cookie);
      for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
      const limited = await attempt(DEMO_PASSWORD);
      expect(limited.status).toBe(429);
      expect(errorOf(limited.html)).toBe(
        `${escapeHtml(en('form.invalidCredentials'))} ${escapeHtml(en('form.tryLater'))}`,
      );
      expect(await server.loginRequests.peek(request.id)).toBeDefined();
    }
    expect(server.completed).toHaveLength(0);
    // Another ID from the same place is not affected (the address limit is high here).
    expect((await login('a0123456', DEMO_PASSWORD)).answer.status).toBe(200);
  });

  test('a failure of completeLogin is a 503 page in the student language', async () => {
    server.outcome = new Error('binding failed on purpose');
    const { answer } = await login('a0123456', DEMO_PASSWORD, 'en');
    expect(answer.status).toBe(503);
    expectPageHeaders(answer.headers);
    expect(answer.html).toContain(escapeHtml(en('unavailable.body')));
    expect(answer.html).not.toContain('binding failed');
  });

  test('unreadable posts get a page, not a crash', async () => {
    const request = await server.newRequest('en');
    const form = await openForm(request.id);
    const json = await post({ request: request.id }, form.cookie, 'application/json');
    expect(json.status).toBe(415);
    expect(json.html).toContain(escapeHtml(ja('badRequest.body')));
    const huge = await post(
      { request: request.id, csrf: form.csrf, studentId: 'a0123456', password: 'x'.repeat(10_000) },
      form.cookie,
    );
    expect(huge.status).toBe(413);
    expect(await server.loginRequests.peek(request.id)).toEqual(request);
  });

  test('logs each outcome with a tag of the ID, never the ID or the password', async () => {
    server.logLines.length = 0;
    await login('a0234567', 'a-wrong-password');
    await login('a0234567', DEMO_PASSWORD);
    const events = server.logLines
      .map((line) => JSON.parse(line))
      .filter((e) => e.event === 'login');
    expect(events.map((e) => e.outcome)).toEqual(['failed', 'ok']);
    expect(events[0].student).toMatch(/^[0-9a-f]{16}$/);
    expect(events[1].student).toBe(events[0].student);
    expect(events[1].channel).toBe('webchat');
    const all = server.logLines.join('\n');
    expect(all).not.toContain('a0234567');
    expect(all).not.toContain('a-wrong-password');
    expect(all).not.toContain(DEMO_PASSWORD);
    const metrics = await server.metrics.registry.getSingleMetricAsString('certbot_logins_total');
    expect(metrics).toMatch(/certbot_logins_total\{outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/certbot_logins_total\{outcome="failed"\} [1-9]/);
  });

  test('serves the page style and script with the same headers', async () => {
    for (const [name, type] of [
      ['login.css', 'text/css; charset=utf-8'],
      ['login.js', 'text/javascript; charset=utf-8'],
    ]) {
      const answer = await get(`/auth/static/${name}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe(type);
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });
});

describe('login routes: per-address limit and secure cookies (memory stores)', () => {
  let server: AuthTestServer;

  beforeAll(async () => {
    server = await startAuthServer({
      secureCookies: true,
      limits: {
        perStudentId: { max: 5, windowSeconds: 900 },
        perAddress: { max: 3, windowSeconds: 900 },
      },
    });
  });
  afterAll(() => server.close());

  test('the cookie is __Host- and Secure, and one address is limited across IDs', async () => {
    const request = await server.newRequest('ja');
    const response = await fetch(`${server.url}/auth/login?request=${request.id}`);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^__Host-certbot_login_csrf=[A-Za-z0-9_-]{43}; Path=\/; .*; Secure$/);
    const cookie = setCookie.split(';')[0];
    const csrf = cookie.split('=')[1];
    const attempt = async (studentId: string, password: string) =>
      (
        await fetch(`${server.url}/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
          body: new URLSearchParams({ request: request.id, csrf, studentId, password }).toString(),
        })
      ).status;
    expect(await attempt('x0000001', 'wrong')).toBe(401);
    expect(await attempt('x0000002', 'wrong')).toBe(401);
    expect(await attempt('x0000003', 'wrong')).toBe(401);
    expect(await attempt('a0123456', DEMO_PASSWORD)).toBe(429);
    expect(server.completed).toHaveLength(0);
  });
});
