import type { Translate } from '../../src/i18n/i18n';
import { PayPalApiError } from '../../src/payments/errors';
import { FAKE_PAYPAL_WEBHOOK_ID, startFakePayPal, type FakePayPal } from '../support/fakePayPal';
import {
  DEADLINE,
  startPaymentTestServer,
  type PaymentTestServer,
} from '../support/paymentTestServer';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe.each(['memory', 'redis'] as const)('PayPal Orders v2 (%s store)', (store) => {
  let paypal: FakePayPal;
  let server: PaymentTestServer;
  let ja: Translate;
  let en: Translate;

  beforeEach(async () => {
    paypal = await startFakePayPal({ now: () => server.clock.now().toJSDate() });
    server = await startPaymentTestServer({ store, paypal });
    ja = server.texts.t('ja', 'payment');
    en = server.texts.t('en', 'payment');
  });

  afterEach(async () => {
    await server.close();
    await paypal.close();
  });

  async function startPayPal(overrides = {}): Promise<{ reference: string; url: string }> {
    const started = await server.startPayment('paypal', overrides);
    if (started.kind !== 'link') throw new Error('PayPal gives a link');
    return started;
  }

  /** The student approves on PayPal's page, which sends the browser back to our return URL. */
  async function approve(approveUrl: string): Promise<string> {
    const response = await fetch(approveUrl, { redirect: 'manual' });
    expect(response.status).toBe(302);
    return response.headers.get('location') ?? '';
  }

  const sendWebhook = (body: string, headers: Record<string, string>) =>
    fetch(`${server.url}/api/paypal/webhook`, { method: 'POST', headers, body });

  it('creates the PayPal order with the order id as PayPal-Request-Id and JPY without decimals', async () => {
    const { reference, url } = await startPayPal();
    expect(url).toBe(`${paypal.url}/checkoutnow?token=${reference}`);
    const [create] = paypal.callsTo('POST', '/v2/checkout/orders');
    expect(create.status).toBe(201);
    expect(create.headers['paypal-request-id']).toBe('C24011600001');
    expect(create.body).toEqual({
      intent: 'CAPTURE',
      purchase_units: [
        {
          reference_id: 'C24011600001',
          custom_id: 'C24011600001',
          amount: { currency_code: 'JPY', value: '1200' },
        },
      ],
      payment_source: {
        paypal: {
          experience_context: expect.objectContaining({
            return_url: `${server.url}/pay/paypal/return`,
            cancel_url: `${server.url}/pay/paypal/cancel`,
            locale: 'ja-JP',
          }),
        },
      },
    });
    expect(JSON.stringify(create.body)).not.toMatch(/"value":"\d+\.\d*"/);
  });

  it('asking twice for one order gives the same PayPal order (idempotent request id)', async () => {
    const first = await startPayPal();
    const second = await startPayPal();
    expect(second).toEqual(first);
    expect(paypal.orders.size).toBe(1);
    expect(paypal.callsTo('POST', '/v2/checkout/orders').map((call) => call.status)).toEqual([
      201, 200,
    ]);
  });

  it('approve → return → capture → one notice and the completed page; a reload captures nothing more', async () => {
    const { reference, url } = await startPayPal();
    const back = await approve(url);
    expect(back).toBe(`${server.url}/pay/paypal/return?token=${reference}&PayerID=FAKEPAYER123`);

    const page = await fetch(back);
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain(ja('done.heading'));
    const capture = paypal.orders.get(reference)?.capture;
    expect(server.notices.calls).toEqual([
      {
        method: 'paypal',
        reference,
        amount: 1200,
        transactionId: capture.id,
        paidAt: capture.create_time,
      },
    ]);
    expect(paypal.callsTo('POST', '/capture')[0].headers['paypal-request-id']).toBe(
      `capture-${reference}`,
    );

    const reload = await fetch(back);
    expect(reload.status).toBe(200);
    expect(textOf(await reload.text())).toContain(ja('done.heading'));
    expect(paypal.captureCount).toBe(1);
    expect(server.notices.applied).toHaveLength(1);
    expect(server.notices.calls.map((notice) => notice.transactionId)).toEqual([
      capture.id,
      capture.id,
    ]);
  });

  it('reads back an order another instance captured meanwhile (ORDER_ALREADY_CAPTURED)', async () => {
    const { reference, url } = await startPayPal({ language: 'en' });
    const back = await approve(url);
    paypal.captureCompletedEvent(reference); // captured elsewhere, with another request id
    const page = await fetch(back);
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain(en('done.heading'));
    expect(paypal.callsTo('POST', '/capture')[0].status).toBe(422);
    expect(paypal.callsTo('GET', new RegExp(`/v2/checkout/orders/${reference}$`))).toHaveLength(1);
    expect(server.notices.applied).toEqual([
      expect.objectContaining({
        reference,
        transactionId: paypal.orders.get(reference)?.capture.id,
      }),
    ]);
  });

  it('a return without approval charges nothing and says so; approving later still works', async () => {
    const { reference, url } = await startPayPal();
    const early = await fetch(`${server.url}/pay/paypal/return?token=${reference}`);
    expect(early.status).toBe(402);
    expect(textOf(await early.text())).toContain(ja('problem.declined.heading'));
    expect(server.notices.calls).toEqual([]);

    const page = await fetch(await approve(url));
    expect(page.status).toBe(200);
    expect(server.notices.applied).toHaveLength(1);
  });

  it('says "being checked" for a pending capture and reports nothing yet', async () => {
    const { url } = await startPayPal();
    paypal.captureStatus = 'PENDING';
    const page = await fetch(await approve(url));
    expect(page.status).toBe(202);
    expect(textOf(await page.text())).toContain(ja('pending.heading'));
    expect(server.notices.calls).toEqual([]);
  });

  it('does not capture after the payment deadline', async () => {
    const { url } = await startPayPal({ language: 'en' });
    const back = await approve(url);
    server.clock.set(DEADLINE);
    const page = await fetch(back);
    expect(page.status).toBe(410);
    expect(textOf(await page.text())).toContain(en('problem.too_late.heading'));
    expect(paypal.callsTo('POST', '/capture')).toEqual([]);
  });

  it('logs money the order could not take as a refund to make, and tells the student', async () => {
    const { reference, url } = await startPayPal({ language: 'en' });
    server.notices.forced.set(reference, 'not_payable');
    const page = await fetch(await approve(url));
    expect(page.status).toBe(409);
    expect(textOf(await page.text())).toContain(en('problem.refund.heading'));
    const logged = server.logLines.map((line) => JSON.parse(line));
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 50,
        orderId: 'C24011600001',
        outcome: 'not_payable',
        msg: 'PayPal captured money the order did not take: refund it',
      }),
    );
    // PayPal's order id finds and captures the payment: only a debug line may name it.
    const named = logged.filter((line) => JSON.stringify(line).includes(reference));
    expect(named.map((line) => line.level)).toEqual([20]);
  });

  it('cancel on PayPal captures nothing and says the student can pay later', async () => {
    const { reference } = await startPayPal({ language: 'en' });
    const page = await fetch(`${server.url}/pay/paypal/cancel?token=${reference}`);
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain(en('cancelled.heading'));
    expect(paypal.callsTo('POST', '/capture')).toEqual([]);
    expect(server.notices.calls).toEqual([]);
  });

  it('answers 404 for a return with an unknown or malformed token, capturing nothing', async () => {
    for (const token of ['5O190127TN364715T', '', '<script>']) {
      const page = await fetch(
        `${server.url}/pay/paypal/return?token=${encodeURIComponent(token)}`,
      );
      expect(page.status).toBe(404);
      expect(await page.text()).not.toContain('<script>');
    }
    expect(paypal.callsTo('POST', '/capture')).toEqual([]);
  });

  it('applies a verified PAYMENT.CAPTURE.COMPLETED webhook once', async () => {
    const { reference } = await startPayPal();
    const event = paypal.captureCompletedEvent(reference);
    const { body, headers } = paypal.signWebhook(event);
    const first = await sendWebhook(body, headers);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ outcome: 'applied' });
    expect(server.notices.applied).toEqual([
      {
        method: 'paypal',
        reference,
        amount: 1200,
        transactionId: event.resource.id,
        paidAt: event.resource.create_time,
      },
    ]);
    const [verify] = paypal.callsTo('POST', '/v1/notifications/verify-webhook-signature');
    expect(verify.body).toMatchObject({
      webhook_id: FAKE_PAYPAL_WEBHOOK_ID,
      transmission_id: headers['PAYPAL-TRANSMISSION-ID'],
      auth_algo: 'SHA256withRSA',
      webhook_event: event,
    });

    // PayPal redelivers: verified again, and the order service sees a duplicate.
    const again = await sendWebhook(body, headers);
    expect(await again.json()).toEqual({ outcome: 'duplicate' });
    expect(server.notices.applied).toHaveLength(1);
  });

  it('refuses a forged or tampered webhook with 401 and applies nothing', async () => {
    const { reference } = await startPayPal();
    const event = paypal.captureCompletedEvent(reference);
    const { body, headers } = paypal.signWebhook(event);
    const tampered = body.replace('"value":"1200"', '"value":"120"');
    expect(tampered).not.toBe(body);
    const forged = { ...headers, 'PAYPAL-TRANSMISSION-SIG': 'bm90IGEgc2lnbmF0dXJl' };
    const unsigned = { 'Content-Type': 'application/json' };
    expect((await sendWebhook(tampered, headers)).status).toBe(401);
    expect((await sendWebhook(body, forged)).status).toBe(401);
    expect((await sendWebhook(body, unsigned)).status).toBe(401);
    expect(server.notices.calls).toEqual([]);
    expect(
      await server.metrics.registry.getSingleMetricAsString('certbot_webhook_rejections_total'),
    ).toContain('certbot_webhook_rejections_total{channel="paypal",reason="signature"} 2');
  });

  it('answers malformed JSON with 400 and ignores other verified event types', async () => {
    const malformed = await sendWebhook('{"event_type": ', { 'Content-Type': 'application/json' });
    expect(malformed.status).toBe(400);
    const { reference } = await startPayPal();
    const { body, headers } = paypal.signWebhook({
      id: 'WH-1',
      event_type: 'CHECKOUT.ORDER.APPROVED',
      resource: { id: reference, status: 'APPROVED' },
    });
    const other = await sendWebhook(body, headers);
    expect(other.status).toBe(200);
    expect(await other.json()).toEqual({ ignored: true });
    expect(server.notices.calls).toEqual([]);
  });

  it('fetches one token for many calls, and a new one when PayPal revoked it', async () => {
    await startPayPal({ orderId: 'C24011600001' });
    await startPayPal({ orderId: 'C24011600002' });
    expect(paypal.callsTo('POST', '/v1/oauth2/token')).toHaveLength(1);
    paypal.revokeTokens();
    await startPayPal({ orderId: 'C24011600003' });
    expect(paypal.callsTo('POST', '/v1/oauth2/token')).toHaveLength(2);
    expect(paypal.orders.size).toBe(3);
  });

  it('reports PayPal being unreachable as a named error and an apology page', async () => {
    const { url } = await startPayPal();
    const back = await approve(url);
    await paypal.close();
    await expect(startPayPal({ orderId: 'C24011600002' })).rejects.toBeInstanceOf(PayPalApiError);
    const page = await fetch(back);
    expect(page.status).toBe(503);
    expect(textOf(await page.text())).toContain(ja('problem.error.heading'));
    expect(server.notices.calls).toEqual([]);
  });
});
