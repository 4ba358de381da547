import { createHmac } from 'node:crypto';
import { ManualClock } from '../../src/platform/clock';
import { createPaymentGateways, usesDemoPayments } from '../../src/payments/createPaymentGateways';
import { DemoCheckoutGateway } from '../../src/payments/demoCheckoutGateway';
import { MemoryPaymentReferenceStore } from '../../src/payments/memoryPaymentReferenceStore';
import { PaymentPages } from '../../src/payments/paymentPages';
import {
  readCaptureResource,
  readOrderCapture,
  yenFromMoney,
} from '../../src/payments/payPalCapture';
import { PayPalGateway } from '../../src/payments/payPalGateway';
import {
  drawSmartPitNumber,
  isSmartPitNumber,
  SmartPitGateway,
} from '../../src/payments/smartPitGateway';
import { checkSmartPitSignature, signSmartPitCallback } from '../../src/payments/smartPitSignature';
import { loadTexts } from '../support/texts';

describe('Smart Pit signature', () => {
  const body = Buffer.from('{"smartPitNumber":"1234567890123","amount":1200}');
  const now = 1_705_385_100;

  it('is hex HMAC-SHA256 of "timestamp.rawBody"', () => {
    const expected = createHmac('sha256', 's3cret').update(`${now}.${body}`).digest('hex');
    expect(signSmartPitCallback('s3cret', String(now), body)).toBe(expected);
  });

  it('accepts a fresh matching signature, in either hex case', () => {
    const signature = signSmartPitCallback('s3cret', String(now), body);
    expect(checkSmartPitSignature('s3cret', String(now), signature, body, now)).toBeUndefined();
    expect(
      checkSmartPitSignature(
        's3cret',
        String(now - 300),
        signSmartPitCallback('s3cret', String(now - 300), body),
        body,
        now,
      ),
    ).toBeUndefined();
    expect(
      checkSmartPitSignature('s3cret', String(now), signature.toUpperCase(), body, now),
    ).toBeUndefined();
  });

  it.each([
    ['no timestamp', undefined, 'x', 'missing'],
    ['no signature', String(now), undefined, 'missing'],
    ['a non-numeric timestamp', '2024-01-16T15:05:00Z', 'x', 'missing'],
    ['a timestamp 301 s old', String(now - 301), 'sign', 'stale'],
    ['a timestamp 301 s ahead', String(now + 301), 'sign', 'stale'],
    ['a signature of another body', String(now), 'other', 'mismatch'],
    ['a short signature', String(now), 'abcd', 'mismatch'],
  ] as const)('refuses %s', (_case, timestamp, signature, problem) => {
    const sig =
      signature === 'sign'
        ? signSmartPitCallback('s3cret', timestamp!, body)
        : signature === 'other'
          ? signSmartPitCallback('s3cret', timestamp!, 'another body')
          : signature;
    expect(checkSmartPitSignature('s3cret', timestamp, sig, body, now)).toBe(problem);
  });
});

describe('Smart Pit numbers', () => {
  it('are 13 digits not starting with 0', () => {
    for (let i = 0; i < 200; i++) expect(drawSmartPitNumber()).toMatch(/^[1-9]\d{12}$/);
    expect(isSmartPitNumber('1234567890123')).toBe(true);
    expect(isSmartPitNumber('123456789012')).toBe(false);
    expect(isSmartPitNumber('12345678901234')).toBe(false);
    expect(isSmartPitNumber('12345678901a3')).toBe(false);
    expect(isSmartPitNumber(1234567890123)).toBe(false);
  });
});

describe('PayPal capture reading', () => {
  it('takes whole JPY only', () => {
    expect(yenFromMoney({ currency_code: 'JPY', value: '1200' })).toBe(1200);
    expect(yenFromMoney({ currency_code: 'JPY', value: '1200.00' })).toBeUndefined();
    expect(yenFromMoney({ currency_code: 'USD', value: '12' })).toBeUndefined();
    expect(yenFromMoney({ currency_code: 'JPY', value: 1200 })).toBeUndefined();
    expect(yenFromMoney(undefined)).toBeUndefined();
  });

  it('reads a webhook capture resource with its PayPal order id', () => {
    expect(
      readCaptureResource({
        id: '2GG279541U471931P',
        status: 'COMPLETED',
        amount: { currency_code: 'JPY', value: '800' },
        custom_id: 'C24011600001',
        create_time: '2024-01-16T06:10:00Z',
        supplementary_data: { related_ids: { order_id: '5O190127TN364715T' } },
      }),
    ).toEqual({
      id: '2GG279541U471931P',
      status: 'COMPLETED',
      amount: 800,
      paypalOrderId: '5O190127TN364715T',
      customId: 'C24011600001',
      createTime: '2024-01-16T06:10:00Z',
    });
    expect(readCaptureResource({ status: 'COMPLETED' })).toBeUndefined();
    expect(readCaptureResource('nonsense')).toBeUndefined();
  });

  it('reads the newest capture of an order representation, or none', () => {
    const order = {
      id: '5O190127TN364715T',
      purchase_units: [
        {
          custom_id: 'C24011600001',
          payments: {
            captures: [
              { id: 'OLD', status: 'DECLINED', amount: { currency_code: 'JPY', value: '800' } },
              { id: 'NEW', status: 'COMPLETED', amount: { currency_code: 'JPY', value: '800' } },
            ],
          },
        },
      ],
    };
    expect(readOrderCapture(order)).toMatchObject({
      id: 'NEW',
      paypalOrderId: '5O190127TN364715T',
      customId: 'C24011600001',
    });
    expect(readOrderCapture({ id: 'X', purchase_units: [{}] })).toBeUndefined();
    expect(readOrderCapture(null)).toBeUndefined();
  });
});

describe('payment gateways by configuration', () => {
  const clock = new ManualClock('2024-01-16T15:05:00+09:00');
  const references = new MemoryPaymentReferenceStore(clock);

  it('maps card payments to the demo checkout on a bare machine', () => {
    const gateways = createPaymentGateways(
      { publicUrl: 'http://localhost:3978', smartPit: {} },
      { references, clock },
    );
    expect(gateways.paypal).toBeInstanceOf(DemoCheckoutGateway);
    expect(gateways.paypal?.method).toBe('demo');
    expect(gateways.demo).toBe(gateways.paypal);
    expect(gateways.smartpit).toBeInstanceOf(SmartPitGateway);
  });

  const paypal = {
    clientId: 'id',
    clientSecret: 'secret',
    webhookId: 'WH',
    apiBaseUrl: 'https://api-m.sandbox.paypal.com',
  };

  it('uses PayPal when it is configured, with no demo checkout and no demo cashier', () => {
    const gateways = createPaymentGateways(
      { publicUrl: 'https://cert.example.ac.jp', paypal, smartPit: {} },
      { references, clock },
    );
    expect(gateways.paypal).toBeInstanceOf(PayPalGateway);
    expect(gateways.paypal?.method).toBe('paypal');
    expect(gateways.demo).toBeUndefined();
    // Smart Pit without its secret would be paid through the demo cashier: not offered.
    expect(gateways.smartpit).toBeUndefined();
    expect(usesDemoPayments({ paypal, smartPit: {} })).toBe(false);
  });

  it('offers Smart Pit alone when only its secret is set: card payments are not offered', () => {
    const config = { publicUrl: 'https://cert.example.ac.jp', smartPit: { callbackSecret: 's' } };
    const gateways = createPaymentGateways(config, { references, clock });
    expect(Object.keys(gateways)).toEqual(['smartpit']);
    expect(gateways.smartpit).toBeInstanceOf(SmartPitGateway);
    expect(usesDemoPayments(config)).toBe(false);
    expect(usesDemoPayments({ smartPit: {} })).toBe(true);
  });

  it('uses both real gateways when both are configured', () => {
    const gateways = createPaymentGateways(
      { publicUrl: 'https://cert.example.ac.jp', paypal, smartPit: { callbackSecret: 's' } },
      { references, clock },
    );
    expect(Object.keys(gateways).sort()).toEqual(['paypal', 'smartpit']);
    expect(gateways.paypal).toBeInstanceOf(PayPalGateway);
  });
});

describe('payment pages', () => {
  it('escapes everything it interpolates', async () => {
    const pages = new PaymentPages(await loadTexts(), '<b>06</b>');
    const html = pages.demoCheckout(
      'en',
      {
        orderId: '<img src=x>',
        amount: 1200,
        deadline: '2024-01-24T00:00:00+09:00',
        action: '/pay/demo/"x',
      },
      '/pay/demo/x?lng=ja&x="',
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x&gt;');
    expect(html).toContain('action="/pay/demo/&quot;x/pay"');
    expect(pages.problem('en', 'wrong_amount', '/', '<i>')).not.toMatch(/<i>|<b>/);
  });
});
