import type { App } from '../../src/app';
import type { Texts } from '../../src/i18n/i18n';
import { ManualClock } from '../../src/platform/clock';
import { FAKE_PAYPAL_CLIENT_ID, FAKE_PAYPAL_SECRET, FakePayPal } from '../support/fakePayPal';
import { startService, type ServiceHarness } from '../support/appHarness';
import type { TestSmtpServer } from '../support/smtpServer';
import { openForm, submitForm } from '../support/formClient';
import { postSmartPitCallback } from '../support/smartPitCallback';
import { loadTexts } from '../support/texts';
import {
  applyForEnrollment,
  linkOf,
  registeredStudent,
  type WebChatStudent,
} from '../support/webChatStudent';

jest.setTimeout(90_000);

const SMARTPIT_CALLBACK_SECRET = 'journey-smartpit-secret';

/**
 * Paying through PayPal Orders v2 (a local server implementing the documented endpoints) and an
 * unpaid order expiring at its deadline (injected clock) — the whole service, on real Redis.
 */
describe('payments and deadlines in the whole service', () => {
  let texts: Texts;
  let service: ServiceHarness;
  let smtp: TestSmtpServer;
  let paypal: FakePayPal;
  let app: App;
  let base: string;
  let clock: ManualClock;
  /** How far PayPal's clock runs ahead of the service's. */
  let paypalAhead: { days?: number; seconds?: number };

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    clock = new ManualClock('2026-11-24T15:00:00+09:00');
    // PayPal stamps captures with the test's time, not the wall clock's.
    paypalAhead = {};
    paypal = await new FakePayPal({ now: () => clock.now().plus(paypalAhead).toJSDate() }).start();
    service = await startService(
      {
        PAYPAL_CLIENT_ID: FAKE_PAYPAL_CLIENT_ID,
        PAYPAL_CLIENT_SECRET: FAKE_PAYPAL_SECRET,
        PAYPAL_WEBHOOK_ID: 'WH-TEST',
        PAYPAL_API_BASE_URL: paypal.url,
        SMARTPIT_CALLBACK_SECRET,
      },
      { clock },
    );
    ({ app, base, smtp } = service);
  });
  afterEach(async () => {
    await service.close();
    await paypal.close();
  });

  const order = (student: WebChatStudent, method: string) =>
    applyForEnrollment(student, texts.t('en'), method);

  /** The student pays `amount` yen at the cashier; Smart Pit reports it, signed, at once. */
  const payCash = (smartPitNumber: string, amount: number) =>
    postSmartPitCallback(
      base,
      {
        smartPitNumber,
        amount,
        paidAt: clock.now().toISO() ?? '',
        transactionId: `SP-${smartPitNumber}`,
      },
      { secret: SMARTPIT_CALLBACK_SECRET, timestamp: String(Math.floor(clock.now().toSeconds())) },
    );

  it('pays through PayPal: approve, return, capture once, number issued', async () => {
    const en = texts.t('en');
    const student = await registeredStudent(base, smtp, 'en-US');
    const pay = await order(student, en('order.method.paypal'));
    const approveUrl = linkOf(pay);
    expect(approveUrl.startsWith(paypal.url)).toBe(true);
    const created = paypal.callsTo('POST', '/v2/checkout/orders')[0];
    expect(created.headers['paypal-request-id']).toBeTruthy();
    expect(JSON.stringify(created.body)).toContain('"value":"400"');

    // PayPal's page sends the browser back to our return URL after approval.
    const approval = await fetch(approveUrl, { redirect: 'manual' });
    const returnUrl = approval.headers.get('location') ?? '';
    expect(returnUrl.startsWith(`${base}/pay/paypal/return`)).toBe(true);
    expect((await fetch(returnUrl)).status).toBe(200);
    // A reload of the return page captures nothing more.
    expect((await fetch(returnUrl)).status).toBe(200);
    expect(paypal.captureCount).toBe(1);

    const news = await student.hear(4);
    expect(news[2].cards?.[0].hero).toMatch(/^[A-Z0-9]{8}$/);
  });

  it('pays in time when PayPal’s clock runs days ahead: the payment time is the earlier one', async () => {
    // PayPal stamps the capture after the order's deadline (what the wall clock did to this
    // suite on 2026-12-02); the money moved now by our clock, so the payment is in time.
    paypalAhead = { days: 9 };
    const en = texts.t('en');
    const student = await registeredStudent(base, smtp, 'en-US');
    const pay = await order(student, en('order.method.paypal'));
    const approval = await fetch(linkOf(pay), { redirect: 'manual' });
    expect((await fetch(approval.headers.get('location') ?? '')).status).toBe(200);
    const [paid] = await app.orders.listForStudent('a0123456');
    expect(paid.status).toBe('printable');
    expect(paid.payment?.paidAt).toBe('2026-11-24T15:00:00+09:00');
  });

  it('expires an unpaid order at the midnight that starts the 8th day, and says so', async () => {
    const en = texts.t('en');
    const student = await registeredStudent(base, smtp, 'en-US');
    const pay = await order(student, en('order.method.smartpit'));
    expect(pay.cards?.[0].hero).toMatch(/^\d{13}$/);

    // Applied 2026-11-24 15:00 JST: payable until 2026-12-01 23:59:59.
    clock.set('2026-12-01T23:59:59+09:00');
    expect(await app.orders.expireDue()).toBe(0);
    clock.set('2026-12-02T00:00:00+09:00');
    expect(await app.orders.expireDue()).toBe(1);
    const [expired] = await student.hearTexts(2);
    expect(expired).toMatch(/^Order \w+ expired at its deadline/);

    await student.say(en('menu.orders'));
    const [card] = await student.hear(1);
    expect(card.cards?.[0].fields?.[0].value).toBe(en('orders.statusName.expired'));
  });

  it('pays cash with Smart Pit in the web chat and prints the 10-character number at FamilyMart', async () => {
    const en = texts.t('en');
    const student = await registeredStudent(base, smtp, 'en-US');
    await student.converse([
      [en('menu.apply'), 1],
      ['Transcript', 1],
      [en('order.languageJa'), 1],
      ['2', 1],
      [en('order.noMore'), 1],
      ['FamilyMart / Lawson', 2],
      [en('order.confirm'), 1],
    ]);
    await student.say(en('order.method.smartpit'));
    const [pay] = await student.hear(2);
    const smartPit = pay.cards?.[0].hero ?? '';
    expect(smartPit).toMatch(/^\d{13}$/);
    expect((await payCash(smartPit, 800)).status).toBe(200);
    const news = await student.hear(4);
    const number = news[2].cards?.[0].hero ?? '';
    expect(number).toMatch(/^[A-Z0-9]{10}$/);
    const printed = await submitForm(base, await openForm(`${base}/store/familymart`), { number });
    expect(printed.status).toBe(200);
  });

  it('cancels an unpaid order from "My orders"', async () => {
    const en = texts.t('en');
    const student = await registeredStudent(base, smtp, 'en-US');
    const pay = await order(student, en('order.method.smartpit'));
    const orderId = /order (\w+)/.exec(pay.cards?.[0].title ?? '')?.[1] ?? '';
    await student.say(en('menu.orders'));
    const [card, question] = await student.hear(2);
    expect(card.cards?.[0].fields?.[0].value).toBe(en('orders.statusName.awaiting_payment'));
    expect(question.choices?.map((c) => c.label)).toEqual([
      en('orders.cancelChoice', { orderId }),
      en('settings.back'),
    ]);
    await student.say(en('orders.cancelChoice', { orderId }));
    expect(await student.hearTexts(1)).toEqual([en('orders.confirmCancel', { orderId })]);
    await student.say(en('settings.yes'));
    const [cancelled] = await student.hearTexts(1);
    expect(cancelled).toBe(en('order.cancelled', { orderId }));
    // The Smart Pit number of a cancelled order takes no money.
    const refused = await payCash(pay.cards?.[0].hero ?? '', 400);
    expect([refused.status, await refused.json()]).toEqual([409, { outcome: 'not_payable' }]);
  });
});
