import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Translate } from '../../src/i18n/i18n';
import type { Order } from '../../src/orders/order';
import { startService, type ServiceHarness } from '../support/appHarness';
import { eventually, launchChromium, notFound, recordPageProblems } from '../support/browser';
import { openForm, submitForm } from '../support/formClient';
import { loadTexts } from '../support/texts';
import {
  applyForEnrollment,
  linkOf,
  registeredStudent,
  WebChatStudent,
} from '../support/webChatStudent';

jest.setTimeout(120_000);

/**
 * A staff member in Chromium at the real service on Redis: logs in, finds a student's orders,
 * reads one order's history, pushes a message to the student, watches the delivery report reach
 * "done" and finds the push in the audit log. The student is a real web-chat student with real
 * orders, and reads the pushed message in the chat.
 */
describe('staff dashboard in Chromium', () => {
  let service: ServiceHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Script errors, CSP refusals and missing files: the pages must cause none. */
  let problems: string[];
  let student: WebChatStudent;
  /** a0123456's order that was paid and got its reservation number. */
  let printable: Order;
  /** Orders of other students, which the filter must leave out. */
  let others: Order[];
  let ja: Translate;
  let en: Translate;

  beforeAll(async () => {
    service = await startService();
    const texts = await loadTexts();
    ja = texts.t('ja', 'admin');
    en = texts.t('en', 'admin');
    const bot = texts.t('en');
    student = await registeredStudent(service.base, service.smtp, 'en-US');
    const pay = await applyForEnrollment(student, bot, bot('order.method.paypal'));
    await submitForm(service.base, await openForm(linkOf(pay)));
    await student.hear(4);
    const orders = service.app.orders;
    [printable] = await orders.listForStudent('a0123456');
    await orders.create({
      studentId: 'a0123456',
      lines: [{ certificateId: 'transcript', language: 'ja', copies: 2 }],
      network: 'networkprint',
      language: 'en',
    });
    // The demo graduate student, through the same web chat, with one unpaid order.
    await registeredGraduate();
    others = [
      await orders.create({
        studentId: 'b0654321',
        lines: [{ certificateId: 'transcript', language: 'en', copies: 1 }],
        network: 'netprint',
        language: 'ja',
      }),
    ];
    await orders.startPayment(others[0].orderId, 'b0654321', 'smartpit');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    problems = [];
    recordPageProblems(page, problems, notFound);
  });
  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });

  /** b0654321 logs in through the web chat, as a0123456 did; the bot knows them from then on. */
  async function registeredGraduate(): Promise<WebChatStudent> {
    const graduate = await WebChatStudent.open(service.base, 'ja-JP');
    await graduate.hear(2);
    await graduate.say('login');
    const [card] = await graduate.hear(1);
    await submitForm(service.base, await openForm(linkOf(card)), {
      studentId: 'b0654321',
      password: 'demo1234',
    });
    await graduate.hear(3);
    return graduate;
  }

  const rows = () =>
    page
      .locator('#orders tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-order')));

  async function logIn(t: Translate): Promise<void> {
    await page.getByLabel(t('login.staffId')).fill('staff01');
    await page.getByLabel(t('login.password')).fill('staff1234');
    await page.getByRole('button', { name: t('login.submit') }).click();
  }

  it('logs in, filters, reads a history, pushes, reports and audits', async () => {
    // Any dashboard page leads to the login first, and back to it after.
    await page.goto(`${service.base}/admin/audit`);
    await eventually(async () =>
      expect(await page.locator('h1').textContent()).toBe(ja('login.title')),
    );
    await logIn(ja);
    await eventually(async () =>
      expect(await page.locator('h1').textContent()).toBe(ja('audit.title')),
    );
    expect(await page.locator('#audit tbody tr').first().getAttribute('data-action')).toBe('login');
    expect(await page.locator('#audit tbody tr').first().locator('td').nth(1).textContent()).toBe(
      'staff01',
    );

    // Orders: everything, then one student's printable orders.
    await page.getByRole('link', { name: ja('nav.orders') }).click();
    await eventually(async () => expect(await rows()).toHaveLength(3));
    expect(await rows()).toContain(others[0].orderId);
    await page.getByLabel(ja('filter.status')).selectOption('printable');
    await page.getByLabel(ja('filter.studentId')).fill('A0123456');
    await page.getByRole('button', { name: ja('filter.apply') }).click();
    await eventually(async () => expect(await rows()).toEqual([printable.orderId]));
    const row = page.locator(`tr[data-order="${printable.orderId}"]`);
    expect(await row.locator('td').nth(4).textContent()).toBe(ja('status.printable'));
    const reservation = (await service.app.staff.getOrder(printable.orderId))?.reservation;
    expect(await row.locator('td').nth(6).textContent()).toBe(reservation?.number);

    // The order's history, in English after the switch.
    await page.locator('#lang-switch').click();
    await eventually(async () =>
      expect(await page.locator('html').getAttribute('lang')).toBe('en'),
    );
    expect(await rows()).toEqual([printable.orderId]);
    await page.getByRole('link', { name: printable.orderId }).click();
    await eventually(async () =>
      expect(await page.locator('h1').textContent()).toBe(
        en('order.title', { orderId: printable.orderId }),
      ),
    );
    const reasons = await page.locator('#history tbody tr td:nth-child(3)').allTextContents();
    expect(reasons).toEqual(
      ['created', 'payment_started', 'paid', 'reservation_issued'].map((r) => en(`reason.${r}`)),
    );

    // A push to this student: preview (who and what), then send.
    await page.getByRole('link', { name: en('nav.push') }).click();
    await page.getByLabel(en('filter.studentId')).fill('a0123456');
    const message = {
      ja: '窓口は明日休みです。印刷期限にご注意ください。',
      en: 'The office is closed tomorrow. Mind your print deadline.',
    };
    await page.getByLabel(en('push.messageJa')).fill(message.ja);
    await page.getByLabel(en('push.messageEn')).fill(message.en);
    await page.getByRole('button', { name: en('push.preview') }).click();
    await eventually(async () =>
      expect(await page.locator('h1').textContent()).toBe(en('push.previewTitle')),
    );
    const expected = await service.app.staff.previewPush({ studentId: 'a0123456' }, message);
    expect(await page.locator('#audience-students').textContent()).toBe('1');
    expect(await page.locator('#audience td[data-channel="webchat"]').textContent()).toBe('1');
    expect(await page.locator('#audience-unreachable').textContent()).toBe('0');
    expect(await page.locator('#text-ja').textContent()).toBe(expected.texts.ja);
    expect(await page.locator('#text-en').textContent()).toBe(expected.texts.en);
    await page.getByRole('button', { name: en('push.sendTo', { n: 1 }) }).click();

    // The report fills in and reloads itself until done.
    await eventually(
      async () => expect(await page.locator('#push-status').textContent()).toBe(en('report.done')),
      20_000,
    );
    const pushId = /\/admin\/pushes\/([\w-]+)$/.exec(page.url())?.[1] as string;
    expect(pushId).toBeDefined();
    const counts = await page.locator('#delivery tr[data-channel="webchat"] td').allTextContents();
    expect(counts).toEqual(['1', '0', '0']);
    expect(await page.locator('#push-sent-by').textContent()).toBe('staff01');
    // The student reads it in the chat, in English.
    const [heard] = await student.hearTexts(1);
    expect(heard).toBe(expected.texts.en);

    // The audit log names the push, staff01 and the one recipient.
    await page.getByRole('link', { name: en('nav.audit') }).click();
    const push = page.locator('#audit tr[data-action="push"]').first();
    await eventually(async () =>
      expect(await push.locator('td').allTextContents()).toEqual([
        expect.any(String),
        'staff01',
        en('audit.actions.push'),
        pushId,
        '1',
      ]),
    );
    await page.getByRole('link', { name: en('nav.pushes') }).click();
    await eventually(async () =>
      expect(await page.locator(`tr[data-push="${pushId}"]`).count()).toBe(1),
    );

    // Logging out ends it: the dashboard asks for the login again.
    await page.getByRole('button', { name: en('nav.logout') }).click();
    await eventually(async () =>
      expect(await page.locator('#login-notice').textContent()).toBe(en('login.loggedOut')),
    );
    await page.goto(`${service.base}/admin`);
    await eventually(async () =>
      expect(await page.locator('h1').textContent()).toBe(en('login.title')),
    );
  });

  it('shows a wrong password and bad filter input beside their fields', async () => {
    await page.goto(`${service.base}/admin/login?lng=en`);
    await page.getByLabel(en('login.staffId')).fill('staff01');
    await page.getByLabel(en('login.password')).fill('not-the-password');
    await page.getByRole('button', { name: en('login.submit') }).click();
    await eventually(async () =>
      expect(await page.getByRole('alert').textContent()).toBe(en('login.invalidCredentials')),
    );
    expect(await page.getByLabel(en('login.staffId')).inputValue()).toBe('staff01');
    await logIn(en);
    await eventually(async () =>
      expect(await page.locator('h1').textContent()).toBe(en('orders.title')),
    );
    await page.getByLabel(en('filter.studentId')).fill('a0123456; drop');
    await page.getByRole('button', { name: en('filter.apply') }).click();
    await eventually(async () =>
      expect(await page.locator('#problem-studentId').textContent()).toBe(
        en('problem.studentId.invalid'),
      ),
    );
    expect(await page.getByLabel(en('filter.studentId')).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#orders').count()).toBe(0);
  });
});
