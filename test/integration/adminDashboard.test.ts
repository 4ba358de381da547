import { DateTime } from 'luxon';
import { RedisWebChatOutbox } from '../../src/channels/webchat/redisWebChatOutbox';
import { escapeHtml } from '../../src/http/html';
import type { Translate } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import { ManualClock } from '../../src/platform/clock';
import { ADMIN_PATHS } from '../../src/staff/dashboard/registerAdminDashboard';
import { RedisStaffRecords } from '../../src/staff/redisStaffRecords';
import { RedisDeadLetters } from '../../src/turns/redisDeadLetters';
import type { PushJob } from '../../src/staff/staffDesk';
import { MAX_DEADLINE_HOURS } from '../../src/staff/staffInput';
import { startService, type ServiceHarness } from '../support/appHarness';
import { eventually } from '../support/browser';
import { seedStudents, type SeededStudent } from '../support/staffFixtures';
import { loadTexts } from '../support/texts';

const APPLIED = DateTime.fromISO('2026-11-24T15:00:00', { zone: 'Asia/Tokyo' });
const STAFF_ID = 'staff01';
const STAFF_PASSWORD = 'staff1234';

/**
 * Every path the dashboard registers, and one of its catch-all: without a session a GET goes to
 * the login page and a POST is refused. A test below checks that this table covers ADMIN_PATHS.
 */
const GUARDED: readonly ['GET' | 'POST', string][] = [
  ['GET', '/admin'],
  ['GET', '/admin/'],
  ['GET', '/admin/orders/K7Q2M9XH4T'],
  ['GET', '/admin/push'],
  ['POST', '/admin/push/preview'],
  ['POST', '/admin/push/send'],
  ['GET', '/admin/pushes'],
  ['GET', '/admin/pushes/P1234'],
  ['GET', '/admin/audit'],
  ['GET', '/admin/dead-letters'],
  ['POST', '/admin/logout'],
  ['GET', '/admin/no/such/page'],
  ['POST', '/admin/no/such/page'],
];

interface Answer {
  status: number;
  html: string;
  headers: Headers;
  location: string | null;
}

/** A browser's view of the dashboard over HTTP: keeps the cookies the pages set. */
class StaffAgent {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly base: string,
    private readonly acceptLanguage = 'ja-JP',
  ) {}

  get cookie(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get session(): string | undefined {
    return this.cookies.get('certbot_staff_session');
  }

  get csrf(): string {
    return this.cookies.get('certbot_staff_csrf') ?? '';
  }

  async get(path: string): Promise<Answer> {
    return this.send(path, { method: 'GET' });
  }

  async post(path: string, fields: Record<string, string>): Promise<Answer> {
    return this.send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Opens the login page and logs in; resolves with the answer to the form. */
  async login(password = STAFF_PASSWORD, staffId = STAFF_ID): Promise<Answer> {
    await this.get('/admin/login');
    return this.post('/admin/login', { csrf: this.csrf, staffId, password });
  }

  private async send(path: string, init: RequestInit): Promise<Answer> {
    const response = await fetch(`${this.base}${path}`, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        'Accept-Language': this.acceptLanguage,
        ...(this.cookies.size > 0 ? { Cookie: this.cookie } : {}),
      },
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair, ...attributes] = set.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (attributes.some((a) => a.trim() === 'Max-Age=0')) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      html: await response.text(),
      headers: response.headers,
      location: response.headers.get('location'),
    };
  }
}

const hidden = (html: string, name: string): string =>
  html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1] ?? '';

describe('staff dashboard routes (the whole service on Redis)', () => {
  let service: ServiceHarness;
  let clock: ManualClock;
  let seeded: SeededStudent[];
  let t: Record<Language, Translate>;

  beforeAll(async () => {
    clock = new ManualClock(APPLIED.plus({ hours: 1 }));
    service = await startService({}, { clock });
    const texts = await loadTexts();
    t = { ja: texts.t('ja', 'admin'), en: texts.t('en', 'admin') };
    const { redis, keys } = service.redis;
    seeded = await seedStudents(
      redis,
      keys,
      [
        { studentId: 'a2000001', channel: 'webchat', language: 'ja' },
        { studentId: 'a2000002', channel: 'webchat', language: 'en', certificateId: 'transcript' },
        { studentId: 'a2000003', channel: 'webchat', language: 'ja', network: 'networkprint' },
        { studentId: 'a2000004', channel: 'webchat', language: 'en', draft: true },
      ],
      APPLIED,
    );
    const outbox = new RedisWebChatOutbox(redis, keys);
    for (const student of seeded) await outbox.open(student.account.accountId, {});
  });
  afterAll(() => service.close());

  const agent = (acceptLanguage?: string): StaffAgent =>
    new StaffAgent(service.base, acceptLanguage);

  /** A signed-in agent. */
  async function staff(acceptLanguage?: string): Promise<StaffAgent> {
    const signedIn = agent(acceptLanguage);
    const answer = await signedIn.login();
    expect(answer.status).toBe(303);
    return signedIn;
  }

  const expectPageHeaders = (headers: Headers): void => {
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cache-control')).toBe('no-store');
  };

  describe('without a valid session', () => {
    it('lists every registered dashboard path in the table of guarded paths', () => {
      const pattern = (path: string) => new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}$`);
      const open = [ADMIN_PATHS.login, ADMIN_PATHS.assets];
      for (const path of Object.values(ADMIN_PATHS).filter((p) => !open.includes(p as never))) {
        expect({ path, guarded: GUARDED.some(([, p]) => pattern(path).test(p)) }).toEqual({
          path,
          guarded: true,
        });
      }
    });

    it.each(GUARDED)('%s %s: GET goes to the login page, POST is refused', async (method, path) => {
      const stranger = agent();
      await stranger.get('/admin/login');
      const answer =
        method === 'GET'
          ? await stranger.get(path)
          : await stranger.post(path, { csrf: stranger.csrf, ja: 'x', en: 'x' });
      expectPageHeaders(answer.headers);
      if (method === 'GET') {
        expect(answer.status).toBe(303);
        expect(answer.location).toBe(`/admin/login?${new URLSearchParams({ next: path })}`);
      } else {
        expect(answer.status).toBe(401);
        expect(answer.html).toContain(escapeHtml(t.ja('message.unauthorized.body')));
      }
    });

    it('treats a forged session cookie as none', async () => {
      const forger = agent('en-US');
      forger.cookies.set('certbot_staff_session', 'A'.repeat(43));
      const page = await forger.get('/admin/audit');
      expect(page.status).toBe(303);
      expect(page.location).toBe('/admin/login?next=%2Fadmin%2Faudit&ended=1');
      // The useless cookie is cleared.
      expect(forger.session).toBeUndefined();
      forger.cookies.set('certbot_staff_session', 'not-a-token');
      await forger.get('/admin/login');
      const post = await forger.post('/admin/push/send', { csrf: forger.csrf, ja: 'x', en: 'x' });
      expect(post.status).toBe(401);
      expect(post.html).toContain(escapeHtml(t.en('message.unauthorized.body')));
      expect(await service.app.staff.listPushes(10)).toEqual([]);
    });

    it('serves the login page and its style and script to anyone', async () => {
      const stranger = agent('en-US');
      const page = await stranger.get('/admin/login');
      expect(page.status).toBe(200);
      expectPageHeaders(page.headers);
      expect(page.html).toContain('<html lang="en">');
      expect(page.html).toContain(escapeHtml(t.en('login.title')));
      expect(page.headers.getSetCookie()).toEqual([
        `certbot_staff_csrf=${stranger.csrf}; Path=/admin; Max-Age=43200; HttpOnly; SameSite=Strict`,
      ]);
      for (const [file, type] of [
        ['admin.css', 'text/css; charset=utf-8'],
        ['admin.js', 'text/javascript; charset=utf-8'],
      ]) {
        const asset = await stranger.get(`/admin/static/${file}`);
        expect(asset.status).toBe(200);
        expect(asset.headers.get('content-type')).toBe(type);
        expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
      }
      expect((await stranger.get('/admin/static/secrets.json')).status).toBe(404);
    });
  });

  describe('login and logout', () => {
    it('refuses a wrong password in the page language and audits it', async () => {
      const guesser = agent('en-US');
      const answer = await guesser.login('wrong-password');
      expect(answer.status).toBe(401);
      expectPageHeaders(answer.headers);
      expect(answer.html).toContain(escapeHtml(t.en('login.invalidCredentials')));
      expect(hidden(answer.html, 'staffId') || answer.html).toContain(STAFF_ID);
      expect(guesser.session).toBeUndefined();
      const [last] = await service.app.staff.audit(1);
      expect(last).toMatchObject({ actor: STAFF_ID, action: 'login_failed' });
      // What was typed as the id is only logged when it could be one.
      await guesser.login('x', 'pass word?');
      expect((await service.app.staff.audit(1))[0]).toMatchObject({
        actor: '-',
        action: 'login_failed',
      });
    });

    it('logs in with a new session id (an old one is ended) and audits it', async () => {
      const member = agent();
      await member.login();
      const first = member.session as string;
      expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const csrfBefore = member.csrf;
      const answer = await member.login();
      expect(answer.status).toBe(303);
      expect(answer.location).toBe('/admin');
      // A new session, and a new CSRF token: nothing planted before the login outlives it.
      expect(answer.headers.getSetCookie()).toEqual([
        `certbot_staff_session=${member.session}; Path=/admin; HttpOnly; SameSite=Strict`,
        `certbot_staff_csrf=${member.csrf}; Path=/admin; Max-Age=43200; HttpOnly; SameSite=Strict`,
      ]);
      expect(member.csrf).not.toBe(csrfBefore);
      expect(member.session).not.toBe(first);
      const old = agent();
      old.cookies.set('certbot_staff_session', first);
      expect((await old.get('/admin')).status).toBe(303);
      expect((await member.get('/admin')).status).toBe(200);
      expect((await service.app.staff.audit(1))[0]).toMatchObject({
        actor: STAFF_ID,
        action: 'login',
      });
    });

    it('returns to the page asked for, never to another site', async () => {
      const member = agent();
      const redirected = await member.get('/admin/audit?x=1');
      const login = await member.get(redirected.location as string);
      expect(hidden(login.html, 'next')).toBe('/admin/audit?x=1');
      const answer = await member.post('/admin/login', {
        csrf: member.csrf,
        staffId: STAFF_ID,
        password: STAFF_PASSWORD,
        next: '/admin/audit?x=1',
      });
      expect(answer.location).toBe('/admin/audit?x=1');
      for (const next of ['//evil.example/admin', 'https://evil.example/admin', '/admin/../x']) {
        const again = await member.post('/admin/login', {
          csrf: member.csrf,
          staffId: STAFF_ID,
          password: STAFF_PASSWORD,
          next,
        });
        expect({ next, location: again.location }).toEqual({ next, location: '/admin' });
      }
    });

    it('logs out: the session ends, the cookie is cleared, the audit log says so', async () => {
      const member = await staff();
      const page = await member.get('/admin');
      const session = member.session as string;
      const answer = await member.post('/admin/logout', { csrf: hidden(page.html, 'csrf') });
      expect(answer.status).toBe(303);
      expect(answer.location).toBe('/admin/login?bye=1');
      expect(member.session).toBeUndefined();
      expect((await member.get('/admin/login?bye=1')).html).toContain(
        escapeHtml(t.ja('login.loggedOut')),
      );
      const replay = agent();
      replay.cookies.set('certbot_staff_session', session);
      expect((await replay.get('/admin')).status).toBe(303);
      expect((await service.app.staff.audit(1))[0]).toMatchObject({
        actor: STAFF_ID,
        action: 'logout',
      });
    });

    it('ends a session left idle, with the clock; each request starts the idle time again', async () => {
      const member = await staff('en-US');
      clock.advance({ minutes: 29 });
      expect((await member.get('/admin/pushes')).status).toBe(200);
      clock.advance({ minutes: 29 });
      expect((await member.get('/admin/pushes')).status).toBe(200);
      clock.advance({ minutes: 30 });
      const answer = await member.get('/admin/pushes');
      expect(answer.status).toBe(303);
      expect(answer.location).toBe('/admin/login?next=%2Fadmin%2Fpushes&ended=1');
      expect(member.session).toBeUndefined();
      expect((await member.get(answer.location as string)).html).toContain(
        escapeHtml(t.en('login.sessionEnded')),
      );
    });

    it('limits password guessing: after 5 failures even the right password waits', async () => {
      const guesser = agent('en-US');
      for (let i = 0; i < 5; i++) expect((await guesser.login(`guess-${i}`)).status).toBe(401);
      const limited = await guesser.login();
      expect(limited.status).toBe(429);
      expect(limited.html).toContain(escapeHtml(t.en('login.tryLater')));
      expect(guesser.session).toBeUndefined();
      clock.advance({ minutes: 16 });
      expect((await guesser.login()).status).toBe(303);
    });
  });

  describe('signed in', () => {
    let member: StaffAgent;
    beforeAll(async () => {
      member = await staff();
    });

    it('lists orders, filtered by status and student ID', async () => {
      const all = await member.get('/admin');
      expect(all.status).toBe(200);
      expectPageHeaders(all.headers);
      for (const student of seeded)
        expect(all.html).toContain(`data-order="${student.order.orderId}"`);

      const filtered = await member.get('/admin?status=awaiting_payment&studentId=A2000002');
      expect(filtered.status).toBe(200);
      const rows = [...filtered.html.matchAll(/data-order="([^"]+)"/g)].map((m) => m[1]);
      expect(rows).toEqual([seeded[1].order.orderId]);
      expect(filtered.html).toContain('<option value="awaiting_payment" selected>');
      expect(filtered.html).toContain(escapeHtml(t.ja('status.awaiting_payment')));
      // The same students can be written to: the composer opens with the filter filled in.
      const composer = '/admin/push?status=awaiting_payment&studentId=A2000002';
      expect(filtered.html).toContain(`id="push-to-these" href="${escapeHtml(composer)}"`);
      const prefilled = await member.get(composer);
      expect(prefilled.html).toContain('<option value="awaiting_payment" selected>');
      expect(prefilled.html).toContain('value="A2000002"');

      const drafts = await member.get('/admin?status=draft');
      expect([...drafts.html.matchAll(/data-order="([^"]+)"/g)].map((m) => m[1])).toEqual([
        seeded[3].order.orderId,
      ]);
      const none = await member.get('/admin?studentId=z9999999');
      expect(none.html).toContain(escapeHtml(t.ja('orders.none')));
    });

    it('shows one order and its history in Japan time', async () => {
      const order = seeded[0].order;
      const page = await member.get(`/admin/orders/${order.orderId}?lng=en`);
      expect(page.status).toBe(200);
      expect(page.html).toContain(escapeHtml(t.en('order.title', { orderId: order.orderId })));
      expect(page.html).toContain('2026-11-24 15:00:00');
      expect(page.html).toContain(escapeHtml(t.en('reason.created')));
      expect(page.html).toContain(escapeHtml(t.en('reason.payment_started')));
      expect((await member.get('/admin/orders/NOSUCHORDER')).status).toBe(404);
      expect((await member.get('/admin/orders/%3Cscript%3E')).status).toBe(404);
    });

    it.each(['ja', 'en'] as const)(
      'answers a bad filter with the problem beside each field (%s)',
      async (language) => {
        const page = await member.get(
          `/admin?lng=${language}&status=lost&certificateId=diploma&network=ministop&deadlineWithinHours=0&studentId=%3Cb%3E`,
        );
        expect(page.status).toBe(422);
        expect(page.html).toContain(`<html lang="${language}">`);
        expect(page.html).toContain(escapeHtml(t[language]('problem.summary')));
        for (const field of ['status', 'certificateId', 'network', 'studentId']) {
          expect(page.html).toContain(
            `<p class="problem" id="problem-${field}">${escapeHtml(t[language](`problem.${field}.invalid`))}</p>`,
          );
        }
        expect(page.html).toContain(
          escapeHtml(
            t[language]('problem.deadlineWithinHours.invalid', { max: MAX_DEADLINE_HOURS }),
          ),
        );
        expect(page.html).toContain('aria-invalid="true" aria-describedby="problem-studentId"');
        // What was typed comes back escaped, never as markup.
        expect(page.html).toContain('value="&lt;b&gt;"');
        expect(page.html).not.toContain('data-order=');
      },
    );

    it('remembers the language chosen with lng, and switches back with the link', async () => {
      const english = await member.get('/admin/audit?lng=en');
      expect(english.html).toContain('<html lang="en">');
      expect(member.cookies.get('certbot_staff_lng')).toBe('en');
      expect(english.html).toContain('href="/admin/audit?lng=ja"');
      expect((await member.get('/admin/audit')).html).toContain('<html lang="en">');
      await member.get('/admin/audit?lng=ja');
      expect((await member.get('/admin/audit')).html).toContain('<html lang="ja">');
    });

    it('answers an unknown dashboard path with a 404 page, and /admin/ with the orders', async () => {
      const page = await member.get('/admin/no/such/page');
      expect(page.status).toBe(404);
      expectPageHeaders(page.headers);
      expect(page.html).toContain(escapeHtml(t.ja('message.notFound.body')));
      const slash = await member.get('/admin/?status=draft');
      expect(slash.status).toBe(303);
      expect(slash.location).toBe('/admin?status=draft');
    });

    it('refuses a form without the right CSRF token (403) and sends nothing', async () => {
      const fields = { studentId: 'a2000001', ja: 'テスト', en: 'Test' };
      for (const csrf of [undefined, '', 'A'.repeat(43), 'short']) {
        const form = csrf === undefined ? fields : { ...fields, csrf };
        for (const path of ['/admin/push/preview', '/admin/push/send', '/admin/logout']) {
          const answer = await member.post(path, form);
          expect({ path, csrf, status: answer.status }).toEqual({ path, csrf, status: 403 });
          expect(answer.html).toContain(escapeHtml(t.ja('message.forbidden.body')));
        }
      }
      // The right token in the field but no cookie: another site cannot set the cookie.
      const noCookie = new StaffAgent(service.base);
      noCookie.cookies.set('certbot_staff_session', member.session as string);
      const answer = await noCookie.post('/admin/push/send', { ...fields, csrf: member.csrf });
      expect(answer.status).toBe(403);
      expect(await service.app.staff.listPushes(10)).toEqual([]);
      expect((await service.app.staff.audit(50)).some((e) => e.action === 'push')).toBe(false);
      // Still signed in: the refused logout did not log out.
      expect((await member.get('/admin')).status).toBe(200);
    });

    it('answers a message that is missing or too long beside its field, in the page language', async () => {
      const page = await member.post('/admin/push/preview', {
        csrf: member.csrf,
        status: 'awaiting_payment',
        ja: '',
        en: 'x'.repeat(1001),
      });
      expect(page.status).toBe(422);
      expect(page.html).toContain(escapeHtml(t.ja('problem.ja.required')));
      expect(page.html).toContain(escapeHtml(t.ja('problem.en.too_long', { max: 1000 })));
      // The typed text and filter are kept for correcting.
      expect(page.html).toContain('<option value="awaiting_payment" selected>');
      expect(page.html).toContain('x'.repeat(1001));
      const send = await member.post('/admin/push/send', {
        csrf: member.csrf,
        deadlineWithinHours: 'soon',
        ja: 'テスト',
        en: 'Test',
      });
      expect(send.status).toBe(422);
      expect(await service.app.staff.listPushes(10)).toEqual([]);
    });

    it('previews, sends, reports and audits a push', async () => {
      const message = { ja: '窓口は明日休みです。', en: 'The office is closed tomorrow.' };
      const preview = await member.post('/admin/push/preview?lng=en', {
        csrf: member.csrf,
        status: 'awaiting_payment',
        network: 'netprint',
        ...message,
      });
      expect(preview.status).toBe(200);
      expect(preview.html).toContain('<td id="audience-students">2</td>');
      expect(preview.html).toContain('<td data-channel="webchat">2</td>');
      const expected = await service.app.staff.previewPush(
        { status: 'awaiting_payment', network: 'netprint' },
        message,
      );
      expect(preview.html).toContain(
        `<pre class="push-text" id="text-ja" lang="ja">${escapeHtml(expected.texts.ja)}</pre>`,
      );
      expect(preview.html).toContain(
        `<pre class="push-text" id="text-en" lang="en">${escapeHtml(expected.texts.en)}</pre>`,
      );
      // "Send" carries exactly the checked filter and message.
      const sendForm = preview.html.slice(preview.html.indexOf('action="/admin/push/send"'));
      const fields = Object.fromEntries(
        [
          ...sendForm
            .slice(0, sendForm.indexOf('</form>'))
            .matchAll(/name="(\w+)" value="([^"]*)"/g),
        ].map((m) => [m[1], m[2]]),
      );
      expect(fields).toEqual({
        csrf: member.csrf,
        status: 'awaiting_payment',
        network: 'netprint',
        ...message,
      });

      const sent = await member.post('/admin/push/send', fields);
      expect(sent.status).toBe(303);
      const pushId = /^\/admin\/pushes\/([\w-]+)$/.exec(sent.location ?? '')?.[1] as string;
      expect(pushId).toBeDefined();
      await eventually(async () =>
        expect((await service.app.staff.getPush(pushId))?.status).toBe('done'),
      );
      const report = await member.get(`/admin/pushes/${pushId}`);
      expect(report.status).toBe(200);
      expect(report.html).not.toContain('http-equiv="refresh"');
      expect(report.html).toContain(`<dd id="push-status">${escapeHtml(t.en('report.done'))}</dd>`);
      expect(report.html).toMatch(
        /<tr data-channel="webchat">.*<td data-kind="sent">2<\/td><td data-kind="failed">0<\/td><td data-kind="blocked">0<\/td><\/tr>/,
      );
      expect((await member.get('/admin/pushes')).html).toContain(`data-push="${pushId}"`);
      const audit = await member.get('/admin/audit');
      expect(audit.html).toMatch(
        new RegExp(
          `<tr data-action="push"><td>[^<]+</td><td>${STAFF_ID}</td><td>[^<]+</td><td><a href="/admin/pushes/${pushId}">`,
        ),
      );
      expect((await member.get('/admin/pushes/NOSUCHPUSH')).status).toBe(404);
    });

    it('reloads the report of a push still sending, until it is done', async () => {
      // What an instance that is delivering a push has written so far.
      const records = new RedisStaffRecords(service.redis.redis, service.redis.keys);
      const running: PushJob = {
        pushId: 'running-push-1',
        sentBy: 'api:ops',
        createdAt: clock.now().toISO() as string,
        filter: { studentId: 'a2000003' },
        message: { ja: 'テスト', en: 'Test' },
        status: 'running',
        recipients: 1,
        report: {
          line: { sent: 0, failed: 0, blocked: 0 },
          webchat: { sent: 0, failed: 0, blocked: 0 },
          msteams: { sent: 0, failed: 0, blocked: 0 },
        },
      };
      await records.savePush(running);
      const sending = await member.get('/admin/pushes/running-push-1?lng=ja');
      expect(sending.html).toContain('<meta http-equiv="refresh" content="2">');
      expect(sending.html).toContain(
        `<dd id="push-status">${escapeHtml(t.ja('report.running'))}</dd>`,
      );
      expect(sending.html).toContain(escapeHtml(t.ja('report.refreshing')));
      await records.savePush({
        ...running,
        status: 'done',
        finishedAt: clock.now().toISO() as string,
        report: { ...running.report, webchat: { sent: 1, failed: 0, blocked: 0 } },
      });
      const done = await member.get('/admin/pushes/running-push-1?lng=ja');
      expect(done.html).not.toContain('http-equiv="refresh"');
      expect(done.html).toContain(`<dd id="push-status">${escapeHtml(t.ja('report.done'))}</dd>`);
    });

    it('lists dead letters in both languages, a hostile excerpt as text', async () => {
      const member = await staff();
      const empty = await member.get('/admin/dead-letters?lng=en');
      expect(empty.status).toBe(200);
      expect(empty.html).toContain(escapeHtml(t.en('deadLetters.none')));
      expect(empty.html).toContain(
        `<a href="/admin/dead-letters" aria-current="page">${escapeHtml(t.en('nav.deadLetters'))}</a>`,
      );
      const hostile = '{"text":"</code><script>alert(1)</script>"}';
      await new RedisDeadLetters(service.redis.redis, service.redis.keys).record({
        at: '2026-11-24T16:00:00+09:00',
        channel: 'line',
        reason: 'too_deep',
        eventId: 'evt-<b>1</b>',
        excerpt: hostile,
        error: 'RangeError: <img src=x onerror=alert(1)>',
      });
      for (const language of ['ja', 'en'] as const) {
        const page = await member.get(`/admin/dead-letters?lng=${language}`);
        expect(page.status).toBe(200);
        expectPageHeaders(page.headers);
        expect(page.html).toContain(`<h1>${escapeHtml(t[language]('deadLetters.title'))}</h1>`);
        expect(page.html).toContain(escapeHtml(t[language]('deadLetters.reasons.too_deep')));
        expect(page.html).toContain('2026-11-24 16:00:00');
        expect(page.html).toContain(`<code>${escapeHtml(hostile)}</code>`);
        expect(page.html).toContain(escapeHtml('evt-<b>1</b>'));
        expect(page.html).not.toContain('<script>alert');
        expect(page.html).not.toContain('<img');
        expect(page.html).not.toContain('<b>1</b>');
      }
      // The menu of every page leads there.
      const orders = await member.get('/admin?lng=ja');
      expect(orders.html).toContain(
        `<a href="/admin/dead-letters">${escapeHtml(t.ja('nav.deadLetters'))}</a>`,
      );
    });
  });
});
