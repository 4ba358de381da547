import { formatYen } from '../../src/i18n/formatYen';
import type { Texts } from '../../src/i18n/i18n';
import { openForm, submitForm } from '../support/formClient';
import { startService, type ServiceHarness } from '../support/appHarness';
import type { TestSmtpServer } from '../support/smtpServer';
import { loadTexts } from '../support/texts';
import { linkOf, registeredStudent } from '../support/webChatStudent';

jest.setTimeout(90_000);

/**
 * The heart of the service in the web chat: login → email → order → payment → reservation
 * number → store copier → "printed", on real Redis with mail over SMTP.
 */
describe('ordering a certificate in the web chat', () => {
  let texts: Texts;
  let service: ServiceHarness;
  let smtp: TestSmtpServer;
  let base: string;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    service = await startService();
    ({ base, smtp } = service);
  });
  afterEach(async () => {
    await service.close();
  });

  it('pays by card on the demo checkout, gets the number and prints at 7-Eleven', async () => {
    const en = texts.t('en');
    const student = await registeredStudent(base, smtp, 'en-US');

    await student.say(en('menu.apply'));
    const [certificates] = await student.hear(1);
    expect(certificates.text).toBe(en('order.chooseCertificate'));
    expect(certificates.choices?.map((c) => c.label)).toEqual([
      'Enrollment',
      'Transcript',
      'Expected graduation',
      'Health examination',
    ]);
    await student.say('Transcript');
    expect((await student.hearTexts(1))[0]).toBe(
      en('order.chooseLanguage', { name: 'Academic Transcript' }),
    );
    await student.say(en('order.languageEn'));
    const [askCopies] = await student.hearTexts(1);
    expect(askCopies).toContain('¥400');
    await student.say('11');
    expect((await student.hearTexts(1))[0]).toContain(en('order.copiesRetry', { max: 10 }));
    await student.say('３'); // full-width digits count too
    await student.hear(1);
    await student.say(en('order.noMore'));
    const [stores] = await student.hear(1);
    expect(stores.choices?.map((c) => c.label)).toEqual(['7-Eleven', 'FamilyMart / Lawson']);
    await student.say('7-Eleven');
    const [summary, confirm] = await student.hear(2);
    const fields = Object.fromEntries(
      (summary.cards?.[0].fields ?? []).map((f) => [f.label, f.value]),
    );
    expect(fields[en('order.total')]).toBe(formatYen(1200, 'en'));
    expect(fields[en('order.printDeadline')]).toMatch(
      /^until \w{3} \d{1,2} \w{3} \d{4}, 23:59 JST$/,
    );
    expect(confirm.choices?.map((c) => c.label)).toEqual([
      en('order.confirm'),
      en('order.edit'),
      en('order.stop'),
    ]);
    await student.say(en('order.confirm'));
    const [methods] = await student.hear(1);
    expect(methods.choices?.map((c) => c.label)).toEqual([
      en('order.method.paypal'),
      en('order.method.smartpit'),
    ]);
    await student.say(en('order.method.paypal'));
    const [pay, menu] = await student.hear(2);
    expect(menu.text).toBe(en('menu.prompt'));
    const payUrl = linkOf(pay);
    expect(payUrl.startsWith(`${base}/pay/demo/`)).toBe(true);

    const checkout = await openForm(payUrl);
    expect(checkout.html).toContain('1,200');
    const paid = await submitForm(base, checkout);
    expect(paid.status).toBe(200);
    // A double click pays nothing twice.
    expect((await submitForm(base, checkout)).status).toBe(200);

    // Told in the chat: the payment, then the reservation number (each followed by the menu).
    const news = await student.hear(4);
    const orderId = /order (\w+)/.exec(pay.cards?.[0].title ?? '')?.[1] ?? '';
    expect(news[0].text).toBe(en('order.paid', { orderId, amount: formatYen(1200, 'en') }));
    const reservation = news[2].cards?.[0];
    expect(reservation?.title).toBe(en('order.reservationTitle', { orderId }));
    expect(reservation?.hero).toMatch(/^[A-Z0-9]{8}$/);

    // The number works at the 7-Eleven copier, once.
    const copier = await openForm(`${base}/store/seven-eleven?lng=en`);
    const printed = await submitForm(base, copier, { number: reservation?.hero ?? '' });
    expect(printed.status).toBe(200);
    const [done] = await student.hearTexts(2);
    expect(done).toBe(en('order.printed', { orderId }));

    await student.say(en('menu.orders'));
    const [order] = await student.hear(1);
    expect(order.cards?.[0].fields?.[0].value).toBe(en('orders.statusName.printed'));
  });
});
