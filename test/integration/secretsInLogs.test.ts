import type { Texts } from '../../src/i18n/i18n';
import { ManualClock } from '../../src/platform/clock';
import { startService, type ServiceHarness } from '../support/appHarness';
import { capturedLogger } from '../support/capturedLogger';
import { FAKE_PAYPAL_CLIENT_ID, FAKE_PAYPAL_SECRET, FakePayPal } from '../support/fakePayPal';
import { openForm, submitForm } from '../support/formClient';
import { postSmartPitCallback } from '../support/smartPitCallback';
import { loadTexts } from '../support/texts';
import { applyForEnrollment, linkOf, registeredStudent } from '../support/webChatStudent';

jest.setTimeout(90_000);

const SMARTPIT_SECRET = 'logs-test-smartpit-secret';

interface LogLine {
  level: number;
  msg: string;
}

/**
 * Item 8 of the production profile: no one-time URL, token, Smart Pit number, reservation number,
 * verification code or payment id reaches a log line at `info` or above, whoever logs it. The
 * whole journey runs on real Redis with the logger capturing every line (from `debug`): login,
 * mail confirmation, PayPal and Smart Pit payments, printing and the document download.
 */
describe('secrets stay out of the logs', () => {
  let texts: Texts;
  let service: ServiceHarness;
  let paypal: FakePayPal;
  let lines: string[];
  const clock = new ManualClock('2026-11-24T15:00:00+09:00');

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    paypal = await new FakePayPal({ now: () => clock.now().toJSDate() }).start();
    const captured = capturedLogger();
    lines = captured.lines;
    service = await startService(
      {
        PAYPAL_CLIENT_ID: FAKE_PAYPAL_CLIENT_ID,
        PAYPAL_CLIENT_SECRET: FAKE_PAYPAL_SECRET,
        PAYPAL_WEBHOOK_ID: 'WH-LOGS',
        PAYPAL_API_BASE_URL: paypal.url,
        SMARTPIT_CALLBACK_SECRET: SMARTPIT_SECRET,
      },
      { clock, logger: captured.logger },
    );
  });
  afterEach(async () => {
    await service.close();
    await paypal.close();
  });

  it('logs no secret at info or above through a whole journey', async () => {
    const en = texts.t('en');
    const { base, smtp, app } = service;
    const opened: string[] = [];
    const student = await registeredStudent(base, smtp, 'en-US', 'taro@example.ac.jp', opened);

    // PayPal: approve, return (capture), then a second order paid in cash at Smart Pit.
    const card = await applyForEnrollment(student, en, en('order.method.paypal'));
    const approval = await fetch(linkOf(card), { redirect: 'manual' });
    const returnUrl = approval.headers.get('location') ?? '';
    expect((await fetch(returnUrl)).status).toBe(200);
    await student.hear(4);
    const cash = await applyForEnrollment(student, en, en('order.method.smartpit'));
    const smartPitNumber = cash.cards?.[0].hero ?? '';
    const callback = await postSmartPitCallback(
      base,
      { smartPitNumber, amount: 400, paidAt: clock.now().toISO() ?? '', transactionId: 'SP-LOG-1' },
      { secret: SMARTPIT_SECRET, timestamp: String(Math.floor(clock.now().toSeconds())) },
    );
    expect(callback.status).toBe(200);
    await student.hear(4);

    // Print one of them at the store and fetch its document; a wrong number is tried too.
    const orders = await app.orders.listForStudent('a0123456');
    const printable = orders.filter((order) => order.status === 'printable');
    expect(printable).toHaveLength(2);
    const number = printable[0].reservation?.number ?? '';
    const copier = await openForm(`${base}/store/seven-eleven`);
    expect((await submitForm(base, copier, { number })).status).toBe(200);
    expect((await fetch(`${base}/store/document/${number}`)).status).toBe(200);
    expect((await submitForm(base, copier, { number: 'ZZZZZZZZ' })).status).toBe(404);

    // The Smart Pit number is also the cash order's payment reference.
    const secrets = [
      ...opened.map((url) => new URL(url).searchParams.values().next().value ?? ''),
      ...printable.flatMap((order) => [
        order.payment?.reference ?? '',
        order.payment?.transactionId ?? '',
        order.reservation?.number ?? '',
        order.verificationCode ?? '',
      ]),
    ];
    expect(secrets).toContain(smartPitNumber);
    expect(secrets.every((secret) => secret.length >= 8)).toBe(true);
    expect(new Set(secrets).size).toBe(secrets.length);

    const logged = lines.map((line) => JSON.parse(line) as LogLine);
    const loud = lines.filter((_line, i) => logged[i].level >= 30);
    expect(loud.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      expect(loud.filter((line) => line.includes(secret))).toEqual([]);
    }
    // The demo-free journey did log its payments and prints, by order id.
    expect(loud.join('\n')).toContain(printable[0].orderId);
  });
});
