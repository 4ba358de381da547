import type { Texts } from '../../src/i18n/i18n';
import { startService, type ServiceHarness } from '../support/appHarness';
import { openForm, submitForm } from '../support/formClient';
import { loadTexts } from '../support/texts';
import {
  applyForEnrollment,
  linkOf,
  registeredStudent,
  WebChatStudent,
} from '../support/webChatStudent';

jest.setTimeout(60_000);

/** NOTIFY_EVERY_CHANNEL: news about a student reaches every chat linked to them. */
describe('news on every linked chat', () => {
  let texts: Texts;
  let service: ServiceHarness;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  afterEach(async () => {
    await service.close();
  });

  it('tells both chats of one student that the payment arrived', async () => {
    service = await startService({ NOTIFY_EVERY_CHANNEL: 'true' });
    const { base, smtp } = service;
    const en = texts.t('en');
    const first = await registeredStudent(base, smtp, 'en-US');
    // The same student opens a second chat and logs in there too (address already set).
    const second = await WebChatStudent.open(base, 'en-US');
    await second.hear(2);
    await second.say('login');
    const [card] = await second.hear(1);
    await submitForm(base, await openForm(linkOf(card)), {
      studentId: 'a0123456',
      password: 'demo1234',
    });
    await second.hear(2);

    const pay = await applyForEnrollment(second, en, en('order.method.paypal'));
    await submitForm(base, await openForm(linkOf(pay)));

    const paid = (messages: { text?: string }[]) =>
      messages.some((m) => m.text?.startsWith('Payment received'));
    expect(paid(await second.hear(4))).toBe(true);
    expect(paid(await first.hear(4))).toBe(true);
  });
});
