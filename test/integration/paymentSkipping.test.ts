import type { Texts } from '../../src/i18n/i18n';
import { startService, type ServiceHarness } from '../support/appHarness';
import { FAKE_PAYPAL_CLIENT_ID, FAKE_PAYPAL_SECRET, FakePayPal } from '../support/fakePayPal';
import { loadTexts } from '../support/texts';
import {
  applyUpToPayment,
  registeredStudent,
  type WebChatStudent,
} from '../support/webChatStudent';

jest.setTimeout(90_000);

/**
 * Once one real payment gateway is configured, no demo payment page exists (in any mode) and a
 * method without its real gateway is not offered: the attacks below used to mark a real order
 * paid without money through the demo cashier. The whole service, on real Redis.
 */
describe('payment cannot be skipped', () => {
  let texts: Texts;
  let paypal: FakePayPal;
  let service: ServiceHarness;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    paypal = await new FakePayPal().start();
  });
  afterEach(async () => {
    await service?.close();
    await paypal.close();
  });

  /** Orders one enrollment certificate up to the payment question; returns the choices offered. */
  const paymentChoices = async (student: WebChatStudent): Promise<string[]> =>
    (await applyUpToPayment(student, texts.t('en'))).choices?.map((choice) => choice.label) ?? [];

  /** What an attacker gets from every demo payment page and its buttons. */
  async function demoPageStatuses(base: string, reference: string): Promise<number[]> {
    const form = {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    };
    const answers = await Promise.all([
      fetch(`${base}/pay/smartpit/${reference}`),
      fetch(`${base}/pay/smartpit/${reference}/pay`, { ...form, body: 'lng=en' }),
      fetch(`${base}/pay/demo/${reference}`),
      fetch(`${base}/pay/demo/${reference}/pay`, { ...form, body: 'lng=en' }),
    ]);
    return answers.map((answer) => answer.status);
  }

  it('with PayPal configured: Smart Pit is not offered and the demo cashier is gone', async () => {
    service = await startService({
      PAYPAL_CLIENT_ID: FAKE_PAYPAL_CLIENT_ID,
      PAYPAL_CLIENT_SECRET: FAKE_PAYPAL_SECRET,
      PAYPAL_WEBHOOK_ID: 'WH-TEST',
      PAYPAL_API_BASE_URL: paypal.url,
    });
    const en = texts.t('en');
    const student = await registeredStudent(service.base, service.smtp, 'en-US');
    expect(await paymentChoices(student)).toEqual([en('order.method.paypal')]);

    // Typing the other method gets the question again, not a Smart Pit number.
    await student.say(en('order.method.smartpit'));
    const [again] = await student.hear(1);
    expect(again.choices?.map((choice) => choice.label)).toEqual([en('order.method.paypal')]);
    await student.say(en('order.method.paypal'));
    const [pay] = await student.hear(2);
    const [order] = await service.app.orders.listForStudent('a0123456');
    expect(order.payment?.method).toBe('paypal');
    expect(pay.cards?.[0].buttons?.[0]).toMatchObject({ kind: 'link' });

    // The attacker's requests: the demo cashier for any number, the demo checkout for the
    // order's own PayPal reference. Each is 404 and the order stays unpaid.
    expect(await demoPageStatuses(service.base, '1234567890123')).toEqual([404, 404, 404, 404]);
    const reference = order.payment?.reference ?? '';
    expect(await demoPageStatuses(service.base, reference)).toEqual([404, 404, 404, 404]);
    expect((await service.app.orders.get(order.orderId))?.status).toBe('awaiting_payment');
    expect(paypal.captureCount).toBe(0);
  });

  it('with only a Smart Pit secret: PayPal is not offered and no demo checkout exists', async () => {
    service = await startService({ SMARTPIT_CALLBACK_SECRET: 'skip-test-secret' });
    const en = texts.t('en');
    const student = await registeredStudent(service.base, service.smtp, 'en-US');
    expect(await paymentChoices(student)).toEqual([en('order.method.smartpit')]);
    await student.say(en('order.method.smartpit'));
    const [pay] = await student.hear(2);
    const number = pay.cards?.[0].hero ?? '';
    expect(number).toMatch(/^\d{13}$/);
    expect(await demoPageStatuses(service.base, number)).toEqual([404, 404, 404, 404]);
    const [order] = await service.app.orders.listForStudent('a0123456');
    expect(order.status).toBe('awaiting_payment');
  });

  it('on a bare machine the demo pages still stand in for both methods', async () => {
    service = await startService();
    const en = texts.t('en');
    const student = await registeredStudent(service.base, service.smtp, 'en-US');
    expect(await paymentChoices(student)).toEqual([
      en('order.method.paypal'),
      en('order.method.smartpit'),
    ]);
    const cashier = await fetch(`${service.base}/pay/smartpit/1234567890123?lng=en`);
    // An unknown number on the demo cashier: the page exists and says so.
    expect(cashier.status).toBe(404);
    expect(await cashier.text()).toContain('data-problem="unknown_reference"');
  });
});
