import type { Translate } from '../../src/i18n/i18n';
import { signSmartPitCallback } from '../../src/payments/smartPitSignature';
import { postSmartPitCallback } from '../support/smartPitCallback';
import { openForm, submitForm } from '../support/formClient';
import { startPaymentTestServer, type PaymentTestServer } from '../support/paymentTestServer';

const SECRET = 'smartpit-test-secret';
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function startCash(server: PaymentTestServer, overrides = {}): Promise<string> {
  const started = await server.startPayment('smartpit', overrides);
  if (started.kind !== 'cash') throw new Error('Smart Pit gives a number');
  expect(started.smartPitNumber).toMatch(/^[1-9]\d{12}$/);
  expect(started.reference).toBe(started.smartPitNumber);
  return started.smartPitNumber;
}

describe.each(['memory', 'redis'] as const)('Smart Pit callback (%s store)', (store) => {
  let server: PaymentTestServer;

  beforeEach(async () => {
    server = await startPaymentTestServer({ store, smartPitSecret: SECRET });
  });

  afterEach(async () => {
    await server.close();
  });

  /** "Now" of the service's clock in Unix seconds, as Smart Pit would stamp it. */
  const now = () => String(Math.floor(server.clock.now().toSeconds()));

  const notify = (
    body: string,
    options: { timestamp?: string; secret?: string; signature?: string } = {},
  ): Promise<Response> =>
    postSmartPitCallback(server.url, body, {
      secret: SECRET,
      timestamp: now(),
      ...options,
    });

  const paid = (smartPitNumber: string, amount = 1200, transactionId = 'SP-20240117-000123') =>
    JSON.stringify({ smartPitNumber, amount, paidAt: '2024-01-17T10:12:00+09:00', transactionId });

  it('applies a correctly signed notification', async () => {
    const number = await startCash(server);
    const response = await notify(paid(number));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: 'applied' });
    expect(server.notices.calls).toEqual([
      {
        method: 'smartpit',
        reference: number,
        amount: 1200,
        transactionId: 'SP-20240117-000123',
        paidAt: '2024-01-17T10:12:00+09:00',
      },
    ]);
  });

  it('a redelivery within the window is a duplicate: nothing is paid twice', async () => {
    const number = await startCash(server);
    const body = paid(number);
    const timestamp = now();
    expect((await notify(body, { timestamp })).status).toBe(200);
    const again = await notify(body, { timestamp });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ outcome: 'duplicate' });
    expect(server.notices.applied).toHaveLength(1);
  });

  it('refuses a replayed old notification (timestamp over 5 minutes old) with 401', async () => {
    const number = await startCash(server);
    const old = String(Math.floor(server.clock.now().toSeconds()) - 301);
    const response = await notify(paid(number), { timestamp: old });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'signature_stale' });
    const future = String(Math.floor(server.clock.now().toSeconds()) + 301);
    expect((await notify(paid(number), { timestamp: future })).status).toBe(401);
    expect(server.notices.calls).toEqual([]);
  });

  it('refuses a bad, missing or other-secret signature and a tampered body with 401', async () => {
    const number = await startCash(server);
    const body = paid(number);
    const timestamp = now();
    const good = signSmartPitCallback(SECRET, timestamp, body);
    expect((await notify(body, { signature: 'f'.repeat(64) })).status).toBe(401);
    expect((await notify(body, { signature: 'not-hex' })).status).toBe(401);
    expect((await notify(body, { secret: 'another-secret' })).status).toBe(401);
    expect((await notify(paid(number, 1), { timestamp, signature: good })).status).toBe(401);
    const unsigned = await fetch(`${server.url}/api/smartpit/notify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect(server.notices.calls).toEqual([]);
    const rejections = await server.metrics.registry.getSingleMetricAsString(
      'certbot_webhook_rejections_total',
    );
    expect(rejections).toContain('{channel="smartpit",reason="signature_mismatch"} 4');
    expect(rejections).toContain('{channel="smartpit",reason="signature_missing"} 1');
  });

  it('reports a wrong amount with 409 and logs it, applying nothing', async () => {
    const number = await startCash(server);
    const response = await notify(paid(number, 1000));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ outcome: 'wrong_amount' });
    expect(server.notices.applied).toEqual([]);
    const logged = server.logLines.map((line) => JSON.parse(line));
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 40,
        method: 'smartpit',
        amount: 1000,
        outcome: 'wrong_amount',
        msg: 'payment notice changed nothing',
      }),
    );
    // The Smart Pit number pays the order: only a debug line may name it.
    const named = logged.filter((line) => JSON.stringify(line).includes(number));
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((line) => line.level === 20)).toBe(true);
  });

  it('reports too late, not payable and unknown numbers as the order service says', async () => {
    const late = await startCash(server, { orderId: 'C24011600002' });
    server.notices.forced.set(late, 'too_late');
    const lateAnswer = await notify(paid(late));
    expect([lateAnswer.status, await lateAnswer.json()]).toEqual([409, { outcome: 'too_late' }]);
    const unknown = await notify(paid('1234567890123'));
    expect([unknown.status, await unknown.json()]).toEqual([404, { outcome: 'unknown_reference' }]);
  });

  it('refuses a signed but malformed body with 400 and an oversized one with 413', async () => {
    const number = await startCash(server);
    const bad = [
      '{"smartPitNumber": ',
      '[]',
      JSON.stringify({
        smartPitNumber: '123',
        amount: 1200,
        paidAt: '2024-01-17T10:12:00+09:00',
        transactionId: 'x',
      }),
      JSON.stringify({
        smartPitNumber: number,
        amount: '1200',
        paidAt: '2024-01-17T10:12:00+09:00',
        transactionId: 'x',
      }),
      JSON.stringify({
        smartPitNumber: number,
        amount: 12.5,
        paidAt: '2024-01-17T10:12:00+09:00',
        transactionId: 'x',
      }),
      JSON.stringify({
        smartPitNumber: number,
        amount: 1200,
        paidAt: 'yesterday',
        transactionId: 'x',
      }),
      JSON.stringify({ smartPitNumber: number, amount: 1200, paidAt: '2024-01-17T10:12:00+09:00' }),
    ];
    for (const body of bad) {
      const response = await notify(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    expect((await notify(`{"pad":"${'x'.repeat(5000)}"}`)).status).toBe(413);
    expect(server.notices.calls).toEqual([]);
  });

  it('serves no demo cashier page when a secret is configured', async () => {
    const number = await startCash(server);
    expect((await fetch(`${server.url}/pay/smartpit/${number}`)).status).toBe(404);
    const pay = await fetch(`${server.url}/pay/smartpit/${number}/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'lng=ja',
    });
    expect(pay.status).toBe(404);
    expect(server.notices.calls).toEqual([]);
  });
});

describe.each(['memory', 'redis'] as const)(
  'Smart Pit demo cashier (%s store, no secret)',
  (store) => {
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

    it('refuses every callback, however signed, when no secret is configured', async () => {
      const number = await startCash(server);
      const body = JSON.stringify({
        smartPitNumber: number,
        amount: 1200,
        paidAt: '2024-01-17T10:12:00+09:00',
        transactionId: 'T1',
      });
      const timestamp = String(Math.floor(server.clock.now().toSeconds()));
      const response = await fetch(`${server.url}/api/smartpit/notify`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-SmartPit-Timestamp': timestamp,
          'X-SmartPit-Signature': signSmartPitCallback('', timestamp, body),
        },
        body,
      });
      expect(response.status).toBe(401);
      expect(server.notices.calls).toEqual([]);
    });

    it('shows the number and amount, and "Paid in cash" reports the payment once', async () => {
      const number = await startCash(server, { language: 'en' });
      const form = await openForm(`${server.url}/pay/smartpit/${number}`);
      expect(form.status).toBe(200);
      expect(form.action).toBe(`/pay/smartpit/${number}/pay`);
      const text = textOf(form.html);
      expect(text).toContain(en('cashier.badge'));
      expect(text).toContain(en('cashier.heading', { amount: '¥1,200' }));
      expect(text).toContain(number);

      const first = await submitForm(server.url, form);
      const second = await submitForm(server.url, form);
      for (const answer of [first, second]) {
        expect(answer.status).toBe(200);
        expect(textOf(answer.html)).toContain(en('done.heading'));
      }
      expect(server.notices.calls).toHaveLength(2);
      expect(server.notices.applied).toEqual([
        {
          method: 'smartpit',
          reference: number,
          amount: 1200,
          transactionId: `cashier-${number}`,
          paidAt: '2024-01-16T15:05:00.000+09:00',
        },
      ]);
    });

    it('refuses a cross-site post and answers unknown numbers with 404', async () => {
      const number = await startCash(server);
      const crossSite = await fetch(`${server.url}/pay/smartpit/${number}/pay`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Sec-Fetch-Site': 'cross-site',
        },
        body: 'lng=ja',
      });
      expect(crossSite.status).toBe(403);
      const unknown = await fetch(`${server.url}/pay/smartpit/1234567890123`);
      expect(unknown.status).toBe(404);
      expect(textOf(await unknown.text())).toContain(ja('problem.unknown_reference.heading'));
      expect(server.notices.calls).toEqual([]);
    });
  },
);
