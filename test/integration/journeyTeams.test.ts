import type { Texts } from '../../src/i18n/i18n';
import { startService, type ServiceHarness } from '../support/appHarness';
import { FakeConnector, type ConnectorCall } from '../support/fakeConnector';
import { openForm, submitForm } from '../support/formClient';
import { postActivity, teamsActivity } from '../support/teamsClient';
import { loadTexts } from '../support/texts';

jest.setTimeout(90_000);

/**
 * The whole journey in Teams, driven as the Bot Framework Service would: Activities posted to
 * `/api/messages`, replies and proactive messages received by a local server implementing the
 * connector endpoints (`serviceUrl`), on real Redis, mail over SMTP.
 */
describe('the whole journey in Teams', () => {
  let texts: Texts;
  let connector: FakeConnector;
  let service: ServiceHarness;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    connector = await FakeConnector.start();
    service = await startService();
  });
  afterEach(async () => {
    await service.close();
    await connector.close();
  });

  /** Sends one message (or card submit) as Teams would and returns what the bot sent since. */
  async function send(fields: Record<string, unknown>): Promise<ConnectorCall[]> {
    const before = connector.calls.length;
    const answer = await postActivity(
      `${service.base}/api/messages`,
      teamsActivity(connector, { type: 'message', ...fields }),
    );
    expect(answer.status).toBe(200);
    return connector.calls.slice(before);
  }

  /** Waits for `count` more activities sent to Teams (proactive ones arrive after the request). */
  async function proactive(from: number, count: number): Promise<ConnectorCall[]> {
    await service.app.queue.idle();
    const deadline = Date.now() + 10_000;
    while (connector.calls.length < from + count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return connector.calls.slice(from, from + count);
  }

  const cardOf = (call: ConnectorCall) => call.body.attachments?.[0]?.content;
  const factsOf = (call: ConnectorCall): Record<string, string> => {
    const facts = JSON.stringify(cardOf(call)).match(/"facts":(\[.*?\])/)?.[1] ?? '[]';
    return Object.fromEntries(
      (JSON.parse(facts) as { title: string; value: string }[]).map((f) => [f.title, f.value]),
    );
  };

  it('logs in, registers the address, orders, pays and prints', async () => {
    const en = texts.t('en');
    const { base, smtp } = service;
    await send({ text: 'hello' });
    // The text and the login card, as one message.
    const [required, ...more] = await send({ text: en('menu.apply') });
    expect(more).toEqual([]);
    expect(required.body.text).toBe(en('login.required'));
    const loginUrl = String(cardOf(required).actions[0].url);
    const mark = connector.calls.length;
    await submitForm(base, await openForm(loginUrl), {
      studentId: 'b0654321',
      password: 'demo1234',
    });
    const afterLogin = await proactive(mark, 3);
    expect(afterLogin.map((call) => call.body.text)).toEqual([
      `${en('login.done', { name: 'Hanako Yoshida', studentId: 'b0654321' })}\n${en('login.unlinkHint')}`,
      en('email.firstLogin'),
      en('email.askAddress'),
    ]);

    await send({ text: 'hanako@example.ac.jp' });
    // A card submit answers like typing.
    await send({ value: { text: 'hanako@example.ac.jp' } });
    const [mail] = await smtp.waitForMails(1);
    const confirmUrl = /(http:\/\/\S+\/auth\/email\/confirm\?token=[\w-]+)/.exec(
      mail.parsed.text ?? '',
    )?.[1];
    const beforeConfirm = connector.calls.length;
    await submitForm(base, await openForm(confirmUrl ?? ''));
    const [completed, certificates] = await proactive(beforeConfirm, 2);
    expect(completed.body.text).toBe(en('email.completed', { address: 'hanako@example.ac.jp' }));
    // The application goes on: the certificates a final-year graduate student may order.
    expect(certificates.body.text).toBe(en('order.chooseCertificate'));
    expect(
      certificates.body.suggestedActions.actions.map((a: { title: string }) => a.title),
    ).toContain('Expected completion');

    await send({ text: 'Expected completion' });
    await send({ text: en('order.languageEn') });
    await send({ text: '1' });
    await send({ text: en('order.noMore') });
    const [summary] = await send({ text: '7-Eleven' });
    expect(factsOf(summary)[en('order.total')]).toBe('¥400');
    await send({ text: en('order.confirm') });
    const [pay] = await send({ text: en('order.method.paypal') });
    const payUrl = String(cardOf(pay).actions[0].url);
    expect(payUrl.startsWith(`${base}/pay/demo/`)).toBe(true);

    const beforePay = connector.calls.length;
    expect((await submitForm(base, await openForm(payUrl))).status).toBe(200);
    const news = await proactive(beforePay, 4);
    expect(news[0].body.text).toMatch(/^Payment received/);
    const number = JSON.stringify(cardOf(news[2])).match(/"([A-Z0-9]{8})"/)?.[1] ?? '';
    expect(number).toMatch(/^[A-Z0-9]{8}$/);

    const beforePrint = connector.calls.length;
    const printed = await submitForm(base, await openForm(`${base}/store/seven-eleven`), {
      number,
    });
    expect(printed.status).toBe(200);
    const [done] = await proactive(beforePrint, 1);
    expect(done.body.text).toMatch(/were printed/);
  });
});
