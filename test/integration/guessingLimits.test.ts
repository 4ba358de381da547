import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { escapeHtml } from '../../src/http/html';
import type { Texts } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import { ManualClock } from '../../src/platform/clock';
import { reservationNumber } from '../../src/printing/reservationNumber';
import { verificationCode } from '../../src/printing/verificationCode';
import { startService, type ServiceHarness } from '../support/appHarness';
import { freePort } from '../support/freePort';
import { loadTexts } from '../support/texts';
import { WebChatStudent } from '../support/webChatStudent';

jest.setTimeout(60_000);

const ATTACKER = '203.0.113.7';
const NEIGHBOUR = '198.51.100.9';
/** 7 minutes into a ten-minute window: a limited client waits 3 minutes (180 s). */
const NOW = '2024-01-16T15:07:00.000+09:00';
const WAIT_SECONDS = '180';

interface Answer {
  status: number;
  retryAfter: string | null;
  contentType: string | null;
  text: string;
}

async function request(url: string, init: RequestInit = {}, client?: string): Promise<Answer> {
  const response = await fetch(url, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...forwardedFor(client) },
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    contentType: response.headers.get('content-type'),
    text: await response.text(),
  };
}

const forwardedFor = (client?: string): Record<string, string> =>
  client ? { 'X-Forwarded-For': client } : {};

/** Types `number` at the 7-Eleven copier and presses Print, as the copier page posts it. */
function typeNumber(base: string, number: string, client?: string, lng: Language = 'ja') {
  return request(
    `${base}/store/seven-eleven`,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Sec-Fetch-Site': 'same-origin',
      },
      body: new URLSearchParams({ number, lng }).toString(),
    },
    client,
  );
}

function openSession(base: string, client?: string) {
  return request(
    `${base}/api/webchat/sessions`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' },
    client,
  );
}

/** The 429 page's heading and sentence, from the locale files, as the page escapes them. */
function tooManyTexts(texts: Texts, language: Language): string[] {
  const t = texts.t(language, 'store');
  return [t('tooMany.heading'), t('tooMany.body', { minutes: 3 })].map(escapeHtml);
}

describe('guessing is bounded per client address (whole service, Redis, behind a proxy)', () => {
  let service: ServiceHarness;
  let clock: ManualClock;
  let texts: Texts;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    clock = new ManualClock(NOW);
    service = await startService({ TRUSTED_PROXIES: '127.0.0.1' }, { clock });
  });
  afterEach(() => service.close());

  test('guessing reservation numbers: 30 tries, then 429 with Retry-After and a page in the user’s language', async () => {
    const { base } = service;
    for (let i = 0; i < 30; i++) {
      const guess = await typeNumber(base, reservationNumber('netprint'), ATTACKER);
      expect(guess.status).toBe(404);
    }
    const ja = await typeNumber(base, reservationNumber('netprint'), ATTACKER, 'ja');
    expect(ja.status).toBe(429);
    expect(ja.retryAfter).toBe(WAIT_SECONDS);
    expect(ja.contentType).toBe('text/html; charset=utf-8');
    for (const sentence of tooManyTexts(texts, 'ja')) expect(ja.text).toContain(sentence);
    const en = await typeNumber(base, reservationNumber('netprint'), ATTACKER, 'en');
    expect(en.status).toBe(429);
    for (const sentence of tooManyTexts(texts, 'en')) expect(en.text).toContain(sentence);

    // Someone else at the same store (another address behind the proxy) still gets the copier.
    const neighbour = await typeNumber(base, reservationNumber('netprint'), NEIGHBOUR, 'en');
    expect(neighbour.status).toBe(404);
    expect(neighbour.text).toContain(escapeHtml(texts.t('en', 'store')('problem.unknown')));
  });

  test('the limit lifts when the window ends', async () => {
    const { base } = service;
    for (let i = 0; i < 30; i++) await typeNumber(base, reservationNumber('netprint'), ATTACKER);
    expect((await typeNumber(base, 'L3QP5ZYC', ATTACKER)).status).toBe(429);
    clock.advance({ minutes: 2, seconds: 59 });
    expect((await typeNumber(base, 'L3QP5ZYC', ATTACKER)).status).toBe(429);
    clock.advance({ seconds: 1 });
    expect((await typeNumber(base, 'L3QP5ZYC', ATTACKER)).status).toBe(404);
  });

  test('a document (PDF) download flood: 30 tries, then 429', async () => {
    const { base } = service;
    for (let i = 0; i < 30; i++) {
      const url = `${base}/store/document/${reservationNumber('networkprint')}`;
      expect((await request(url, {}, ATTACKER)).status).toBe(404);
    }
    const flood = await request(`${base}/store/document/B57LD4K9WH?lng=en`, {}, ATTACKER);
    expect(flood.status).toBe(429);
    expect(flood.retryAfter).toBe(WAIT_SECONDS);
    for (const sentence of tooManyTexts(texts, 'en')) expect(flood.text).toContain(sentence);
    expect((await request(`${base}/store/document/B57LD4K9WH`, {}, NEIGHBOUR)).status).toBe(404);
  });

  test('guessing verification codes: 60 tries, odd ones included, then 429 on the verification page', async () => {
    const { base } = service;
    // Oversized, not UTF-8 or not of the alphabet: each still counts as a lookup.
    const odd = ['A'.repeat(3000), '%FF%FE', '%3Cb%3E', 'IIII-OOOO-1111'];
    for (let i = 0; i < 60; i++) {
      const url = `${base}/verify/${i % 5 === 4 ? odd[Math.floor(i / 5) % odd.length] : verificationCode()}`;
      expect((await request(url, {}, ATTACKER)).status).toBe(404);
    }
    const ja = await request(`${base}/verify/${verificationCode()}?lng=ja`, {}, ATTACKER);
    expect(ja.status).toBe(429);
    expect(ja.retryAfter).toBe(WAIT_SECONDS);
    for (const sentence of tooManyTexts(texts, 'ja')) expect(ja.text).toContain(sentence);
    expect(ja.text).toContain(`<title>${escapeHtml(texts.t('ja', 'store')('verify.title'))}`);
    const other = await request(`${base}/verify/${verificationCode()}?lng=en`, {}, NEIGHBOUR);
    expect(other.status).toBe(404);
  });

  test('a session flood: 20 sessions, then 429 — and a student already chatting carries on', async () => {
    const { base } = service;
    const student = await WebChatStudent.open(base, 'en-US');
    await student.hear(2);
    for (let i = 0; i < 20; i++) expect((await openSession(base, ATTACKER)).status).toBe(201);
    const refused = await openSession(base, ATTACKER);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe(WAIT_SECONDS);
    expect(JSON.parse(refused.text)).toEqual({ error: 'too_many_sessions' });

    // The session still exists and the bot answers in it.
    await student.say('help');
    expect((await student.hear(1)).length).toBeGreaterThan(0);
    expect((await openSession(base, NEIGHBOUR)).status).toBe(201);
  });
});

describe('guessing limits with no trusted proxy (whole service, Redis)', () => {
  let service: ServiceHarness;

  beforeEach(async () => {
    service = await startService({}, { clock: new ManualClock(NOW) });
  });
  afterEach(() => service.close());

  test('rotating a spoofed X-Forwarded-For does not escape the copier limit', async () => {
    const { base } = service;
    for (let i = 0; i < 30; i++) {
      const guess = await typeNumber(base, reservationNumber('netprint'), `192.0.2.${i + 1}`);
      expect(guess.status).toBe(404);
    }
    const spoofed = await typeNumber(base, reservationNumber('netprint'), '192.0.2.200');
    expect(spoofed.status).toBe(429);
  });
});

describe('a session flood on the embedded memory state', () => {
  let app: App;
  let base: string;
  let outboxDir: string;

  beforeEach(async () => {
    outboxDir = await mkdtemp(join(tmpdir(), 'certbot-flood-'));
    const port = await freePort();
    app = await createApp(
      loadConfig({
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'silent',
        MAIL_OUTBOX_DIR: outboxDir,
        TRUSTED_PROXIES: '127.0.0.1',
      }),
      { clock: new ManualClock(NOW) },
    );
    base = await app.listen(port, '127.0.0.1');
  });
  afterEach(async () => {
    await app.close();
    await rm(outboxDir, { recursive: true, force: true });
  });

  test('20 sessions, then 429 — the student already chatting is not pushed out', async () => {
    const student = await WebChatStudent.open(base, 'ja-JP');
    await student.hear(2);
    for (let i = 0; i < 20; i++) expect((await openSession(base, ATTACKER)).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await openSession(base, ATTACKER)).status).toBe(429);
    // The session still exists and the bot answers in it.
    await student.say('help');
    expect((await student.hear(1)).length).toBeGreaterThan(0);
    expect((await openSession(base, NEIGHBOUR)).status).toBe(201);
  });
});
