import { SECURITY_HEADERS } from '../../src/http/securityHeaders';
import type { Translate } from '../../src/i18n/i18n';
import { openForm, submitForm } from '../support/formClient';
import {
  DEADLINE,
  startPaymentTestServer,
  type PaymentTestServer,
} from '../support/paymentTestServer';

/** The visible text of a page, tags removed and entities decoded, for sentence checks. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(['memory', 'redis'] as const)('demo checkout (%s store)', (store) => {
  let server: PaymentTestServer;
  let ja: Translate;
  let en: Translate;

  beforeEach(async () => {
    server = await startPaymentTestServer({ store });
    ja = server.texts.t('ja', 'payment');
    en = server.texts.t('en', 'payment');
  });

  afterEach(async () => {
    await server.close();
  });

  async function startDemo(overrides = {}): Promise<{ reference: string; url: string }> {
    const started = await server.startPayment('demo', overrides);
    if (started.kind !== 'link') throw new Error('the demo checkout gives a link');
    return started;
  }

  const post = (path: string, fields: Record<string, string>, headers = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Sec-Fetch-Site': 'same-origin',
        ...headers,
      },
      body: new URLSearchParams(fields).toString(),
    });

  it('gives a page link under the public URL and shows "DEMO", the amount, order and deadline', async () => {
    const { reference, url } = await startDemo();
    expect(url).toBe(`${server.url}/pay/demo/${reference}`);
    expect(reference).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(response.headers.get(name)).toBe(value);
    }
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<html lang="ja">');
    const text = textOf(html);
    expect(text).toContain(ja('demo.badge'));
    expect(text).toContain('1,200円');
    expect(text).toContain('C24011600001');
    expect(text).toContain('2024年1月24日(水) 00:00');
    expect(html).toContain(`<form method="post" action="/pay/demo/${reference}/pay">`);
    expect(html).toContain(`<form method="post" action="/pay/demo/${reference}/cancel">`);
    expect(html).not.toMatch(/<script/);
    // Showing the page pays nothing.
    expect(server.notices.calls).toEqual([]);
  });

  it('shows ¥1,200 in English for an English-speaking student, and switches with ?lng=', async () => {
    const { url } = await startDemo({ language: 'en' });
    const english = await (await fetch(url)).text();
    expect(english).toContain('<html lang="en">');
    expect(textOf(english)).toContain('¥1,200');
    expect(textOf(english)).toContain(en('demo.pay'));
    const japanese = await (await fetch(`${url}?lng=ja`)).text();
    expect(japanese).toContain('<html lang="ja">');
    expect(textOf(japanese)).toContain(ja('demo.pay'));
  });

  it('Pay sends one notice and shows "Payment completed"', async () => {
    const { reference, url } = await startDemo();
    const form = await openForm(url);
    const answer = await submitForm(server.url, form);
    expect(answer.status).toBe(200);
    expect(textOf(answer.html)).toContain(ja('done.heading'));
    expect(textOf(answer.html)).toContain(ja('page.backToChat'));
    expect(server.notices.calls).toEqual([
      {
        method: 'demo',
        reference,
        amount: 1200,
        transactionId: expect.stringMatching(/^demo-[0-9a-f]{24}$/),
        paidAt: '2024-01-16T15:05:00.000+09:00',
      },
    ]);
    expect(server.notices.applied).toHaveLength(1);
    expect(
      await server.metrics.registry.getSingleMetricAsString('certbot_payment_notices_total'),
    ).toContain('certbot_payment_notices_total{method="demo",outcome="applied"} 1');
  });

  it('a double click reaches the order service as a duplicate and shows the same completed page', async () => {
    const { reference } = await startDemo();
    const [first, second] = await Promise.all([
      post(`/pay/demo/${reference}/pay`, { lng: 'ja' }),
      post(`/pay/demo/${reference}/pay`, { lng: 'ja' }),
    ]);
    const third = await post(`/pay/demo/${reference}/pay`, { lng: 'ja' });
    for (const response of [first, second, third]) {
      expect(response.status).toBe(200);
      expect(textOf(await response.text())).toContain(ja('done.heading'));
    }
    expect(server.notices.calls).toHaveLength(3);
    expect(new Set(server.notices.calls.map((notice) => notice.transactionId)).size).toBe(1);
    expect(server.notices.applied).toHaveLength(1);
  });

  it('refuses a cross-site post with 403 and sends no notice', async () => {
    const { reference } = await startDemo();
    const response = await post(
      `/pay/demo/${reference}/pay`,
      { lng: 'en' },
      {
        'Sec-Fetch-Site': 'cross-site',
      },
    );
    expect(response.status).toBe(403);
    expect(textOf(await response.text())).toContain(en('problem.badRequest.heading'));
    expect(server.notices.calls).toEqual([]);
  });

  it('refuses a post that is not a form (415) and one too large (413), paying nothing', async () => {
    const { reference } = await startDemo();
    const json = await fetch(`${server.url}/pay/demo/${reference}/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    const large = await post(`/pay/demo/${reference}/pay`, { lng: 'ja', pad: 'x'.repeat(5000) });
    expect(large.status).toBe(413);
    expect(server.notices.calls).toEqual([]);
  });

  it('Cancel changes nothing and says the student can pay later from "My orders"', async () => {
    const { reference } = await startDemo({ language: 'en' });
    const response = await post(`/pay/demo/${reference}/cancel`, { lng: 'en' });
    expect(response.status).toBe(200);
    const text = textOf(await response.text());
    expect(text).toContain(en('cancelled.heading'));
    expect(text).toContain('“My orders”');
    expect(text).toContain('Wed 24 Jan 2024, 00:00 JST');
    expect(server.notices.calls).toEqual([]);
    // The checkout still works afterwards.
    expect((await post(`/pay/demo/${reference}/pay`, { lng: 'en' })).status).toBe(200);
    expect(server.notices.applied).toHaveLength(1);
  });

  it('answers an unknown or malformed reference with 404 in the browser’s language', async () => {
    for (const reference of ['AAAAAAAAAAAAAAAAAAAAAA', 'short', '..%2F..%2Fetc']) {
      const page = await fetch(`${server.url}/pay/demo/${reference}`, {
        headers: { 'Accept-Language': 'en-US,en;q=0.8' },
      });
      expect(page.status).toBe(404);
      expect(textOf(await page.text())).toContain(en('problem.unknown_reference.heading'));
    }
    const pay = await post('/pay/demo/AAAAAAAAAAAAAAAAAAAAAA/pay', { lng: 'ja' });
    expect(pay.status).toBe(404);
    expect(server.notices.calls).toEqual([]);
  });

  it('does not let the demo page pay a reference of another method', async () => {
    const reference = 'BBBBBBBBBBBBBBBBBBBBBB';
    await server.references.add(reference, {
      method: 'paypal',
      orderId: 'C24011600009',
      amount: 400,
      language: 'ja',
      expiresAt: DEADLINE,
    });
    server.notices.expect(reference, 400);
    expect((await fetch(`${server.url}/pay/demo/${reference}`)).status).toBe(404);
    expect((await post(`/pay/demo/${reference}/pay`, { lng: 'ja' })).status).toBe(404);
    expect(server.notices.calls).toEqual([]);
  });

  it('after the deadline shows "too late" instead of the buttons', async () => {
    const { url } = await startDemo({ language: 'en' });
    server.clock.set(DEADLINE);
    const response = await fetch(url);
    expect(response.status).toBe(410);
    const html = await response.text();
    expect(textOf(html)).toContain(en('problem.too_late.heading'));
    expect(html).not.toContain('<form');
  });

  it.each([
    ['too_late', 410],
    ['not_payable', 409],
    ['wrong_amount', 409],
    ['unknown_reference', 404],
  ] as const)(
    'says why when the order service answers %s (in the student’s language)',
    async (outcome, status) => {
      const { reference } = await startDemo({ language: 'en' });
      server.notices.forced.set(reference, outcome);
      const response = await post(`/pay/demo/${reference}/pay`, { lng: 'en' });
      expect(response.status).toBe(status);
      const html = await response.text();
      expect(html).toContain(`data-problem="${outcome}"`);
      expect(textOf(html)).toContain(en(`problem.${outcome}.heading`));
      expect(textOf(html)).toContain('C24011600001');
      expect(server.logLines.join('\n')).toContain('payment notice changed nothing');
    },
  );

  it('apologises (503) without a stack trace when the order service fails', async () => {
    const { reference } = await startDemo();
    server.notices.received = async () => {
      throw new Error('redis down');
    };
    const response = await post(`/pay/demo/${reference}/pay`, { lng: 'ja' });
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(textOf(html)).toContain(ja('problem.error.heading'));
    expect(html).not.toContain('redis down');
  });
});
