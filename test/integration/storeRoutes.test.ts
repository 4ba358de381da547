import { DateTime } from 'luxon';
import { escapeHtml } from '../../src/http/html';
import type { Translate } from '../../src/i18n/i18n';
import { formatDateTime } from '../../src/i18n/formatDateTime';
import type { ManualClock } from '../../src/platform/clock';
import { MemoryPrintJobStore } from '../../src/printing/memoryPrintJobStore';
import type { PrintJobStore } from '../../src/printing/printJobStore';
import { RedisPrintJobStore } from '../../src/printing/redisPrintJobStore';
import { scanQrCodes } from '../support/pdfTools';
import { testRedis, type TestRedis } from '../support/redis';
import { paidOrder, TARO } from '../support/printFixtures';
import { startStoreTestServer, type StoreTestServer } from '../support/storeTestServer';

const backends: [
  string,
  () => Promise<{ make: (clock: ManualClock) => PrintJobStore; cleanup(): Promise<void> }>,
][] = [
  [
    'memory',
    async () => ({ make: (clock) => new MemoryPrintJobStore(clock), cleanup: async () => {} }),
  ],
  [
    'redis',
    async () => {
      const redis: TestRedis = await testRedis();
      return {
        make: () => new RedisPrintJobStore(redis.redis, redis.keys),
        cleanup: () => redis.cleanup(),
      };
    },
  ],
];

/** The text of the element with `id`, unescaped enough for our sentences. */
function textOf(html: string, id: string): string | undefined {
  const match = new RegExp(`<[^>]*id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return match?.[1]
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe.each(backends)('store-copier simulator on %s', (_name, makeBackend) => {
  let server: StoreTestServer;
  let cleanup: () => Promise<void>;
  let ja: Translate;
  let en: Translate;

  beforeEach(async () => {
    const backend = await makeBackend();
    cleanup = backend.cleanup;
    server = await startStoreTestServer(backend.make);
    ja = server.texts.t('ja', 'store');
    en = server.texts.t('en', 'store');
  });

  afterEach(async () => {
    await server.close();
    await cleanup();
  });

  const post = (
    store: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${server.url}/store/${store}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Sec-Fetch-Site': 'same-origin',
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    });

  const issue = (overrides: Parameters<typeof paidOrder>[0] = {}) =>
    server.issuer.issue(paidOrder(overrides), TARO);

  it('lists the three stores, in Japanese and in English, with the page headers', async () => {
    for (const [lng, t] of [
      ['ja', ja],
      ['en', en],
    ] as const) {
      const response = await fetch(`${server.url}/store?lng=${lng}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain(`<html lang="${lng}">`);
      for (const store of ['seven-eleven', 'familymart', 'lawson']) {
        expect(html).toContain(`href="/store/${store}?lng=${lng}"`);
        expect(html).toContain(t(`stores.${store}`));
      }
    }
    const byHeader = await fetch(`${server.url}/store`, {
      headers: { 'Accept-Language': 'en-US,en;q=0.8' },
    });
    expect(await byHeader.text()).toContain(en('picker.heading'));
  });

  it('shows a copier with the reservation-number field, and 404 for a store that does not exist', async () => {
    const copier = await fetch(`${server.url}/store/lawson?lng=en`);
    expect(copier.status).toBe(200);
    const html = await copier.text();
    expect(textOf(html, 'number-hint')).toBe(
      en('copier.hint', { length: 10, example: 'B57LD4K9WH' }),
    );
    expect(html).toContain('action="/store/lawson"');

    const missing = await fetch(`${server.url}/store/circle-k?lng=en`);
    expect(missing.status).toBe(404);
    expect(textOf(await missing.text(), 'not-found')).toBe(en('notFound.heading'));
    expect((await post('circle-k', { number: 'L3QP5ZYC' })).status).toBe(404);
    expect(server.notices.calls).toEqual([]);
  });

  it('prints a good number (typed in lower case, full width) and only then serves the document', async () => {
    const { number } = await issue();
    const before = await fetch(`${server.url}/store/document/${number}`);
    expect(before.status).toBe(404);
    expect(before.headers.get('content-type')).toContain('text/html');

    const typed = [...number.toLowerCase()]
      .map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
      .join('');
    const response = await post('seven-eleven', { number: typed, lng: 'ja' });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(textOf(html, 'printed')).toBe(ja('printed.heading'));
    expect(textOf(html, 'number')).toBe(number);
    expect(html).toContain(`href="/store/document/${number}"`);
    expect(server.notices.calls).toEqual([number]);
    expect(await server.jobs.get(number)).toMatchObject({
      status: 'printed',
      printedAt: server.clock.now().toISO(),
    });

    const document = await fetch(`${server.url}/store/document/${number}`);
    expect(document.status).toBe(200);
    expect(document.headers.get('content-type')).toBe('application/pdf');
    expect(document.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await document.arrayBuffer());
    expect(bytes.equals(Buffer.from((await server.jobs.get(number))!.pdf, 'base64'))).toBe(true);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Logs say what happened, never the number.
    expect(server.logLines.join('\n')).not.toContain(number);
  });

  it('says how many characters the store wants when the length is wrong', async () => {
    const { number } = await issue();
    const response = await post('seven-eleven', { number: number.slice(0, 7), lng: 'en' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('data-problem="wrongLength"');
    expect(textOf(html, 'problem')).toBe(
      en('problem.wrongLength', { store: '7-Eleven', length: 8, entered: 7 }),
    );
    // What was typed stays in the field, to be corrected.
    expect(html).toContain(`value="${number.slice(0, 7)}"`);
    expect(server.notices.calls).toEqual([]);

    const ten = await post('familymart', { number: 'ABCDEFGH', lng: 'ja' });
    expect(textOf(await ten.text(), 'problem')).toBe(
      ja('problem.wrongLength', { store: ja('stores.familymart'), length: 10, entered: 8 }),
    );
  });

  it('sends a number of the other network to the right store', async () => {
    const seven = await issue({ orderId: 'ORD-7', network: 'netprint' });
    const family = await issue({ orderId: 'ORD-F', network: 'networkprint' });

    const atSeven = await post('seven-eleven', { number: family.number, lng: 'en' });
    expect(atSeven.status).toBe(400);
    expect(textOf(await atSeven.text(), 'problem')).toBe(en('problem.otherNetwork.networkprint'));

    const atLawson = await post('lawson', { number: seven.number, lng: 'ja' });
    expect(textOf(await atLawson.text(), 'problem')).toBe(ja('problem.otherNetwork.netprint'));
    expect(server.notices.calls).toEqual([]);

    const atFamilyMart = await post('familymart', { number: family.number, lng: 'en' });
    expect(atFamilyMart.status).toBe(200);
    expect(server.notices.calls).toEqual([family.number]);
  });

  it('answers an unknown number, empty input and stray characters clearly', async () => {
    const unknown = await post('seven-eleven', { number: 'ZZZZ9999', lng: 'en' });
    expect(unknown.status).toBe(404);
    expect(textOf(await unknown.text(), 'problem')).toBe(en('problem.unknown'));

    const empty = await post('seven-eleven', { number: '   ', lng: 'en' });
    expect(textOf(await empty.text(), 'problem')).toBe(en('problem.empty'));

    const stray = await post('seven-eleven', { number: '<b>L3QP</b>', lng: 'en' });
    const html = await stray.text();
    expect(textOf(html, 'problem')).toBe(en('problem.characters'));
    expect(html).not.toContain('<b>L3QP');
    expect(html).toContain('value="&lt;b&gt;L3QP&lt;/b&gt;"');
    expect(server.notices.calls).toEqual([]);
  });

  it('refuses a number past its print deadline, showing the last printable minute', async () => {
    const { number } = await issue();
    server.clock.set('2024-01-24T00:00:00+09:00');
    const response = await post('seven-eleven', { number, lng: 'en' });
    expect(response.status).toBe(410);
    expect(textOf(await response.text(), 'problem')).toBe(
      en('problem.expired', { deadline: formatDateTime('2024-01-23T23:59:59+09:00', 'en') }),
    );
    expect(server.notices.calls).toEqual([]);
    expect((await server.jobs.get(number))?.status).toBe('waiting');
  });

  it('follows the order service: expired or unknown there prints nothing, a failure apologises', async () => {
    const { number } = await issue();
    server.notices.answers.push('expired', 'unknown', new Error('redis down'));

    const expired = await post('seven-eleven', { number, lng: 'en' });
    expect(expired.status).toBe(410);
    const unknown = await post('seven-eleven', { number, lng: 'en' });
    expect(unknown.status).toBe(404);
    const failed = await post('seven-eleven', { number, lng: 'en' });
    expect(failed.status).toBe(503);
    expect(textOf(await failed.text(), 'problem')).toBe(en('problem.error'));
    expect((await server.jobs.get(number))?.status).toBe('waiting');
    expect((await fetch(`${server.url}/store/document/${number}`)).status).toBe(404);

    // Printed again later ('already'): the document is shown again.
    server.notices.answers.push('printed', 'already');
    expect((await post('seven-eleven', { number, lng: 'en' })).status).toBe(200);
    expect((await post('seven-eleven', { number, lng: 'en' })).status).toBe(200);
    expect(server.notices.calls).toEqual([number, number, number, number, number]);
  });

  it('refuses a cross-site post and a post that is not a form', async () => {
    const { number } = await issue();
    const crossSite = await post(
      'seven-eleven',
      { number, lng: 'en' },
      { 'Sec-Fetch-Site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain('data-problem="badRequest"');

    const json = await fetch(`${server.url}/store/seven-eleven`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ number }),
    });
    expect(json.status).toBe(415);
    const huge = await post('seven-eleven', { number: 'A'.repeat(5000) });
    expect(huge.status).toBe(413);
    expect(server.notices.calls).toEqual([]);
    expect((await server.jobs.get(number))?.status).toBe('waiting');
  });

  it('verifies an issued certificate by its code: type and language, masked name, issue date, validity', async () => {
    const reservation = await issue();
    for (const [lng, t] of [
      ['ja', ja],
      ['en', en],
    ] as const) {
      const response = await fetch(
        `${server.url}/verify/${reservation.verificationCode.toLowerCase()}?lng=${lng}`,
      );
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(textOf(html, 'verified')).toBe(t('verify.heading'));
      const languages = { ja: t('verify.languages.ja'), en: t('verify.languages.en') };
      expect(html).toContain(
        escapeHtml(
          t('verify.certificateIn', {
            name: lng === 'ja' ? '在学証明書' : 'Certificate of Enrollment',
            language: languages.en,
          }),
        ),
      );
      expect(html).toContain(
        escapeHtml(
          t('verify.certificateIn', {
            name: lng === 'ja' ? '成績証明書' : 'Academic Transcript',
            language: languages.ja,
          }),
        ),
      );
      expect(textOf(html, 'order')).toBe(paidOrder().orderId);
      expect(textOf(html, 'issued')).toBe(formatDateTime(reservation.issuedAt, lng));
      expect(textOf(html, 'holder')).toBe(lng === 'ja' ? '京＊ 太＊' : 'T*** K*****');
      const validUntil = DateTime.fromISO(reservation.issuedAt).plus({ months: 3 });
      expect(textOf(html, 'validity')).toBe(
        t('verify.valid', { date: formatDateTime(validUntil, lng) }),
      );
      expect(html).not.toContain('Taro');
      expect(html).not.toContain('太郎');
      expect(html).not.toContain(TARO.studentId);
    }
    // Three months on, the paper is still genuine but no longer valid.
    server.clock.advance({ months: 3 });
    const later = await (
      await fetch(`${server.url}/verify/${reservation.verificationCode}?lng=en`)
    ).text();
    expect(textOf(later, 'verified')).toBe(en('verify.heading'));
    expect(later).toContain('data-validity="expired"');
    const validUntil = DateTime.fromISO(reservation.issuedAt).plus({ months: 3 });
    expect(textOf(later, 'validity')).toBe(
      en('verify.expired', { date: formatDateTime(validUntil, 'en') }),
    );
  });

  it('answers a scanned QR code with the facts of the document it is printed on', async () => {
    const reservation = await issue();
    const job = await server.jobs.get(reservation.number);
    const pdf = Buffer.from(job!.pdf, 'base64');
    const [url] = await scanQrCodes(pdf, 1, 100);
    expect(url).toBe(`${server.url}/verify/${reservation.verificationCode}`);
    const page = await fetch(`${url}?lng=ja`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(textOf(html, 'verified')).toBe(ja('verify.heading'));
    expect(html).toContain(reservation.verificationCode);
    expect(textOf(html, 'issued')).toBe(formatDateTime(reservation.issuedAt, 'ja'));
  });

  it('says plainly that an unknown code has no certificate, whatever is typed in its place', async () => {
    await issue();
    const attempts = [
      '2222-3333-4444', // well-formed, never issued
      '2222-3333-444', // one character short
      `${'A'.repeat(5000)}`, // oversized
      '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '..%2F..%2Fetc%2Fpasswd',
      '%00%00%00',
      "'%20OR%201%3D1--",
      '%E2%80%AE2222-3333-4444', // a right-to-left override before a good shape
      '%F0%9F%98%80%F0%9F%98%80',
      '%FF%FE', // not UTF-8
      'IIII-OOOO-1111', // letters the alphabet leaves out
    ];
    for (const attempt of attempts) {
      const response = await fetch(`${server.url}/verify/${attempt}?lng=en`);
      expect([attempt, response.status]).toEqual([attempt, 404]);
      const html = await response.text();
      expect(textOf(html, 'not-verified')).toBe(en('verify.notFoundHeading'));
      expect(html).toContain(escapeHtml(en('verify.notFoundBody')));
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('passwd');
      expect(html).not.toContain('AAAAAAAAAA');
    }
    const japanese = await fetch(`${server.url}/verify/2222-3333-4444?lng=ja`);
    expect(textOf(await japanese.text(), 'not-verified')).toBe(ja('verify.notFoundHeading'));
  });
});
