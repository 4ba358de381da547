import { SECURITY_HEADERS } from '../../src/http/securityHeaders';
import { newEmailToken } from '../../src/email/emailToken';
import type { EmailTokenStore } from '../../src/email/emailTokenStore';
import type { Translate } from '../../src/i18n/i18n';
import { startEmailTestServer, TARO, type EmailTestServer } from '../support/emailTestServer';

const CONFIRM = '/auth/email/confirm';

describe('email confirmation routes', () => {
  let server: EmailTestServer;
  let ja: Translate;
  let en: Translate;

  beforeEach(async () => {
    server = await startEmailTestServer();
    ja = server.texts.t('ja', 'email');
    en = server.texts.t('en', 'email');
  });

  afterEach(async () => {
    await server.close();
  });

  const open = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${CONFIRM}${query}`, { headers });
  const post = (
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${server.url}${CONFIRM}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });

  /** The visible text of a page, tags removed and entities decoded, for sentence checks. */
  const textOf = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ');

  function expectPageHeaders(response: Response): void {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(response.headers.get(name)).toBe(value);
    }
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  }

  it('shows the masked address and a Confirm form in the token’s language', async () => {
    const token = await server.issue();
    const response = await open(`?token=${token}`);
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    const html = await response.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('ta***@example.ac.jp');
    expect(html).not.toContain('taro.kyodai@');
    expect(html).toContain(`<form method="post" action="${CONFIRM}">`);
    expect(html).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect(textOf(html)).toContain(ja('page.confirm.button'));
    expect(textOf(html)).toContain(ja('page.confirm.register.lead'));
    expect(html).toContain(`href="${CONFIRM}?token=${token}&amp;lng=en"`);
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('changes nothing when the link is opened, however often (mail scanners prefetch)', async () => {
    const token = await server.issue();
    for (let i = 0; i < 3; i++) expect((await open(`?token=${token}`)).status).toBe(200);
    expect(server.confirmed).toEqual([]);
    expect(await server.verification.inspect(token)).toMatchObject({ status: 'valid' });
  });

  it('speaks the language asked for with ?lng=', async () => {
    const token = await server.issue();
    const html = await (await open(`?token=${token}&lng=en`)).text();
    expect(html).toContain('<html lang="en">');
    expect(textOf(html)).toContain(en('page.confirm.register.heading'));
    expect(html).toContain(`href="${CONFIRM}?token=${token}&amp;lng=ja"`);
  });

  it('confirms on POST, calls onConfirmed once and shows "completed"', async () => {
    const token = await server.issue();
    const response = await post({ token, lng: 'ja' });
    expect(response.status).toBe(303);
    expectPageHeaders(response);
    const location = response.headers.get('location') ?? '';
    expect(location).toBe('/auth/email/confirmed?purpose=register&lng=ja');
    expect(server.confirmed).toEqual([{ status: 'confirmed', ...TARO }]);

    const done = await fetch(`${server.url}${location}`);
    expect(done.status).toBe(200);
    expectPageHeaders(done);
    const text = textOf(await done.text());
    expect(text).toContain(ja('page.done.register.heading'));
    expect(text).toContain('メールアドレスを設定しました。');
    expect(text).toContain('今後、システムからの連絡はこのメールアドレス宛に送信されます。');
    expect(text).toContain(ja('page.done.backToChat'));
  });

  it('answers a second POST of the same token with the "used" page (410)', async () => {
    const token = await server.issue();
    await post({ token, lng: 'en' });
    const again = await post({ token, lng: 'en' });
    expect(again.status).toBe(410);
    const text = textOf(await again.text());
    expect(text).toContain(en('page.used.heading'));
    expect(text).toContain(`For a new link, send “${en('resendCommand')}” in the chat.`);
    expect(server.confirmed).toHaveLength(1);

    const opened = await open(`?token=${token}&lng=ja`);
    expect(opened.status).toBe(410);
    expect(textOf(await opened.text())).toContain(ja('page.used.heading'));
  });

  it('confirms a change in the student’s language and says so', async () => {
    const token = await server.issue({
      language: 'en',
      purpose: 'change',
      address: 'taro.new@example.jp',
      previousAddress: 'taro@example.ac.jp',
    });
    const form = await (await open(`?token=${token}`)).text();
    expect(textOf(form)).toContain(en('page.confirm.change.lead'));
    const response = await post({ token, lng: 'en' });
    expect(response.headers.get('location')).toBe('/auth/email/confirmed?purpose=change&lng=en');
    expect(server.confirmed[0]).toMatchObject({
      purpose: 'change',
      address: 'taro.new@example.jp',
      previousAddress: 'taro@example.ac.jp',
    });
    const done = textOf(
      await (await fetch(`${server.url}/auth/email/confirmed?purpose=change&lng=en`)).text(),
    );
    expect(done).toContain(en('page.done.change.heading'));
    expect(done).toContain('From now on, messages from the system are sent to this mail address.');
  });

  it('says an expired link has expired (410), on GET and POST', async () => {
    const token = await server.issue();
    server.clock.advance({ minutes: 30 });
    const opened = await open(`?token=${token}&lng=en`);
    expect(opened.status).toBe(410);
    expect(textOf(await opened.text())).toContain(en('page.expired.heading'));
    const posted = await post({ token, lng: 'ja' });
    expect(posted.status).toBe(410);
    expect(textOf(await posted.text())).toContain(ja('page.expired.heading'));
    expect(server.confirmed).toEqual([]);
  });

  it.each([
    ['a forged token', () => `?token=${newEmailToken()}`],
    ['no token', () => ''],
    ['an empty token', () => '?token='],
    ['a malformed token', () => '?token=%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['two tokens', () => `?token=a&token=${newEmailToken()}`],
  ])('answers %s with the "unknown" page (404)', async (_name, query) => {
    const response = await open(`${query()}&lng=en`.replace(/^&/, '?'));
    expect(response.status).toBe(404);
    expectPageHeaders(response);
    const html = await response.text();
    expect(textOf(html)).toContain(en('page.unknown.heading'));
    expect(html).not.toContain('<script>');
  });

  it('picks the page language from Accept-Language when the link is unknown', async () => {
    const response = await open(`?token=${newEmailToken()}`, { 'Accept-Language': 'en-US,en' });
    expect(await response.text()).toContain('<html lang="en">');
  });

  it('refuses a body that is not a form (415) or too large (413), consuming nothing', async () => {
    const token = await server.issue();
    const json = await fetch(`${server.url}${CONFIRM}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(json.status).toBe(415);
    expect(textOf(await json.text())).toContain(ja('page.badRequest.heading'));
    const large = await post({ token, lng: 'en', padding: 'x'.repeat(10_000) });
    expect(large.status).toBe(413);
    expect(await server.verification.inspect(token)).toMatchObject({ status: 'valid' });
  });

  it('answers a POST without a token with the "unknown" page', async () => {
    const response = await post({ lng: 'en' });
    expect(response.status).toBe(404);
    expect(textOf(await response.text())).toContain(en('page.unknown.heading'));
  });

  it('refuses a cross-site POST (403) and leaves the link usable', async () => {
    const token = await server.issue();
    const response = await post({ token, lng: 'en' }, { 'Sec-Fetch-Site': 'cross-site' });
    expect(response.status).toBe(403);
    expect(server.confirmed).toEqual([]);
    expect((await post({ token, lng: 'en' }, { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(
      303,
    );
  });

  it('apologises (503) if storing the address fails, without leaking the token', async () => {
    await server.close();
    server = await startEmailTestServer({
      onConfirmed: async () => {
        throw new Error('students store is down');
      },
    });
    const token = await server.issue({ language: 'en' });
    // Without a language in the form, the page speaks the token's.
    const response = await post({ token });
    expect(response.status).toBe(503);
    expect(textOf(await response.text())).toContain(en('page.error.heading'));
    expect(server.logLines.join('')).toContain('students store is down');
    expect(server.logLines.join('')).not.toContain(token);
  });

  it('apologises (503) if the token store fails', async () => {
    await server.close();
    const broken: EmailTokenStore = {
      issue: async () => ({ issued: true }),
      inspect: async () => {
        throw new Error('connection lost');
      },
      consume: async () => {
        throw new Error('connection lost');
      },
    };
    server = await startEmailTestServer({ store: broken });
    const token = newEmailToken();
    const opened = await open(`?token=${token}&lng=en`);
    expect(opened.status).toBe(503);
    expectPageHeaders(opened);
    expect(textOf(await opened.text())).toContain(en('page.error.heading'));
    expect((await post({ token, lng: 'en' })).status).toBe(503);
    expect(server.logLines.join('')).not.toContain(token);
  });

  it('uses a CSRF guard when given one: its fields go in the form, a bad one is refused', async () => {
    await server.close();
    server = await startEmailTestServer({
      csrf: {
        fields: () => ({ csrf: 'good-value' }),
        verify: (_req, form) => form.get('csrf') === 'good-value',
      },
    });
    const token = await server.issue();
    const form = await (await open(`?token=${token}`)).text();
    expect(form).toContain('<input type="hidden" name="csrf" value="good-value">');
    expect((await post({ token, lng: 'ja', csrf: 'forged' })).status).toBe(403);
    expect((await post({ token, lng: 'ja' })).status).toBe(403);
    expect(server.confirmed).toEqual([]);
    expect((await post({ token, lng: 'ja', csrf: 'good-value' })).status).toBe(303);
    expect(server.confirmed).toHaveLength(1);
  });

  it('never writes a token to the log', async () => {
    const token = await server.issue();
    await open(`?token=${token}`);
    await post({ token, lng: 'ja' });
    await post({ token, lng: 'ja' });
    await open(`?token=${token}`);
    const logged = server.logLines.join('');
    expect(logged).toContain('email confirmation page');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('taro.kyodai');
  });
});
