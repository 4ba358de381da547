import { escapeHtml } from '../../src/http/html';
import { formatDateTime } from '../../src/i18n/formatDateTime';
import type { Texts } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import { ManualClock } from '../../src/platform/clock';
import type { Logger } from '../../src/platform/logger';
import { LINE_SECRET, startService, type ServiceHarness } from '../support/appHarness';
import { capturedLogger } from '../support/capturedLogger';
import { FakeLineApi, urisIn } from '../support/fakeLineApi';
import { openForm, submitForm } from '../support/formClient';
import { LineEvents, postLineWebhook, webhookBody } from '../support/lineWebhook';
import type { ReceivedMail, TestSmtpOptions } from '../support/smtpServer';
import { loadTexts } from '../support/texts';
import { linkOf, registeredStudent, WebChatStudent } from '../support/webChatStudent';

jest.setTimeout(90_000);

const ACCOUNT_LINK_URL = 'https://access.line.example/dialog/bot/accountLink';
/** A LINE display name is whatever the user typed: this one is markup. */
const MARKUP_NAME = '<img src=x onerror=alert(1)>';
/** 08:15 in Japan is still the previous day in UTC: the mail must say the Japan date. */
const LINKED_AT = '2026-04-02T08:15:00+09:00';
const ADDRESS = 'taro@example.ac.jp';

/**
 * The login page names the chat being linked before the password is typed, and a
 * chat account newly linked to a student with a confirmed address is told to that address —
 * through the whole service on real Redis, LINE on the local LINE API, mail over real SMTP.
 */
describe('linking a chat account is visible to the student', () => {
  let texts: Texts;
  let lineApi: FakeLineApi;
  let events: LineEvents;
  let service: ServiceHarness;
  let users = 0;
  const newUser = () => `U${String(++users).padStart(32, 'e')}`;
  const auth = (language: Language) => texts.t(language, 'auth');

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    lineApi = await FakeLineApi.start();
    events = new LineEvents(lineApi);
  });
  afterEach(async () => {
    await service?.close();
    await lineApi.close();
  });

  async function start(options: { smtp?: TestSmtpOptions; logger?: Logger } = {}) {
    service = await startService(
      {
        LINE_CHANNEL_SECRET: LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: lineApi.accessToken,
        LINE_API_BASE_URL: lineApi.baseUrl,
        LINE_ACCOUNT_LINK_URL: ACCOUNT_LINK_URL,
      },
      { clock: new ManualClock(LINKED_AT), ...(options.logger ? { logger: options.logger } : {}) },
      options.smtp,
    );
    return service;
  }

  const postLine = (lineEvents: unknown[]) =>
    postLineWebhook(`${service.base}/api/line`, webhookBody(lineEvents), { secret: LINE_SECRET });

  /** A LINE user follows the bot and asks to log in; returns the login URL of the card. */
  async function lineLoginUrl(user: string): Promise<string> {
    await postLine([events.follow(user)]);
    await lineApi.waitForMessages(user, 2);
    await postLine([events.text(user, 'ログイン')]);
    const messages = await lineApi.waitForMessages(user, 3);
    const [url] = urisIn(messages[2]);
    expect(url.startsWith(`${service.base}/auth/login?request=`)).toBe(true);
    return url;
  }

  /** Logs in on the page as `a0123456`, then LINE confirms the link; waits for the answer. */
  async function linkLine(user: string, loginUrl: string): Promise<void> {
    const answer = await submitForm(service.base, await openForm(loginUrl), {
      studentId: 'a0123456',
      password: 'demo1234',
    });
    expect(answer.status).toBe(303);
    const nonce = new URL(answer.location ?? '').searchParams.get('nonce') ?? '';
    const before = lineApi.messagesTo(user).length;
    await postLine([events.accountLink(user, 'ok', nonce)]);
    await lineApi.waitForMessages(user, before + 1);
    const done = texts.t('ja')('login.done', { name: '京大 太郎', studentId: 'a0123456' });
    expect(lineApi.messagesTo(user)[before]).toMatchObject({ type: 'text' });
    expect(String(lineApi.messagesTo(user)[before].text)).toContain(done);
  }

  /** A second web-chat session of the same student asks to log in; returns the card's URL. */
  async function webChatLoginUrl(locale: string): Promise<{ chat: WebChatStudent; url: string }> {
    const chat = await WebChatStudent.open(service.base, locale);
    await chat.hear(2);
    await chat.say('login');
    const [card] = await chat.hear(1);
    return { chat, url: linkOf(card) };
  }

  /** The sentences of a notice, from the translations. */
  function expectNotice(mail: ReceivedMail, language: Language, chat: string, name?: string) {
    const m = texts.t(language, 'mail');
    const bot = texts.t(language, 'bot');
    const channel = auth(language)(`channel.${chat}`);
    const time = formatDateTime(LINKED_AT, language);
    expect(mail.envelope.to).toEqual([ADDRESS]);
    expect(mail.parsed.subject).toBe(m('linked.subject'));
    const text = mail.parsed.text ?? '';
    expect(text).toContain(
      name ? m('linked.named', { time, channel, name }) : m('linked.unnamed', { time, channel }),
    );
    expect(text).toContain(
      m('linked.unlink', { settings: bot('menu.settings'), unlink: bot('settings.unlink') }),
    );
    expect(text).toContain(m('linked.notYou', { phone: '06-6809-4327' }));
  }

  it('shows LINE and the display name on the login page as text, in ja and en; a first link mails no one', async () => {
    const { smtp } = await start();
    const user = newUser();
    lineApi.setProfile(user, { displayName: MARKUP_NAME, language: 'ja' });
    const url = await lineLoginUrl(user);

    for (const language of ['ja', 'en'] as const) {
      const page = await openForm(`${url.replace(/&lng=\w+$/, '')}&lng=${language}`);
      expect(page.status).toBe(200);
      const t = auth(language);
      const named = t('linking.named', { channel: t('channel.line'), name: MARKUP_NAME });
      expect(page.html).toContain(escapeHtml(named));
      expect(page.html).toContain(escapeHtml(t('linking.notYours')));
      expect(page.html).not.toContain('<img');
      // Said before the password is asked for.
      expect(page.html.indexOf('id="linking"')).toBeLessThan(page.html.indexOf('name="password"'));
    }
    // The name came with the language of the first contact: no LINE call of its own.
    expect(lineApi.callsTo('profile')).toHaveLength(1);

    // A first login has no confirmed address yet: the link works and no mail goes out.
    await linkLine(user, url);
    await service.app.queue.idle();
    expect(smtp.mails).toHaveLength(0);
  });

  it('names the web chat on its login page, in ja and en', async () => {
    await start();
    const { url } = await webChatLoginUrl('en-US');
    for (const language of ['ja', 'en'] as const) {
      const page = await openForm(`${url.replace(/&lng=\w+$/, '')}&lng=${language}`);
      const t = auth(language);
      expect(page.html).toContain(
        escapeHtml(t('linking.unnamed', { channel: t('channel.webchat') })),
      );
      expect(page.html).not.toContain(escapeHtml(t('channel.line')));
    }
  });

  it('mails one notice, in the student’s language, when LINE is linked after the web chat', async () => {
    const { smtp } = await start();
    await registeredStudent(service.base, smtp, 'en-US', ADDRESS);
    expect(smtp.mails).toHaveLength(1);

    const user = newUser();
    lineApi.setProfile(user, { displayName: MARKUP_NAME, language: 'ja' });
    await linkLine(user, await lineLoginUrl(user));
    await service.app.queue.idle();

    expect(smtp.mails).toHaveLength(2);
    const notice = smtp.mails[1];
    // The student reads English; the new LINE chat speaks Japanese: the notice is the student's.
    expectNotice(notice, 'en', 'line', MARKUP_NAME);
    expect(notice.parsed.text).toContain('Thu 2 Apr 2026, 08:15 JST');
    expect(notice.parsed.html || '').not.toContain('<img');
    expect(notice.parsed.html || '').toContain(escapeHtml(MARKUP_NAME));
  });

  it('mails a new web-chat link once, and nothing when the same chat logs in again', async () => {
    const { smtp } = await start();
    await registeredStudent(service.base, smtp, 'ja-JP', ADDRESS);
    const { chat, url: first } = await webChatLoginUrl('ja-JP');
    // A second link for the same chat: cancel, then ask again.
    await chat.say('cancel');
    await chat.hear(2);
    await chat.say('login');
    const second = linkOf((await chat.hear(1))[0]);
    expect(second).not.toBe(first);

    const credentials = { studentId: 'a0123456', password: 'demo1234' };
    const linked = await submitForm(service.base, await openForm(first), credentials);
    expect(linked.status).toBe(200);
    await service.app.queue.idle();
    expect(smtp.mails).toHaveLength(2);
    expectNotice(smtp.mails[1], 'ja', 'webchat');

    const again = await submitForm(service.base, await openForm(second), credentials);
    expect(again.status).toBe(200);
    await service.app.queue.idle();
    expect(smtp.mails).toHaveLength(2);
  });

  it('still logs in when the SMTP server refuses the notice, and logs no address or link', async () => {
    let refusing = false;
    const { logger, lines } = capturedLogger();
    const { smtp } = await start({ smtp: { rejectRecipients: () => refusing }, logger });
    await registeredStudent(service.base, smtp, 'en-US', ADDRESS);
    refusing = true;

    const { chat, url } = await webChatLoginUrl('en-US');
    const page = await submitForm(service.base, await openForm(url), {
      studentId: 'a0123456',
      password: 'demo1234',
    });
    expect(page.status).toBe(200);
    expect(page.html).toContain('id="done"');
    const [told] = await chat.hearTexts(1);
    expect(told).toContain(
      texts.t('en')('login.done', { name: 'Taro Kyodai', studentId: 'a0123456' }),
    );
    expect(smtp.mails).toHaveLength(1);

    const warned = lines
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((entry) => entry.msg === 'could not send the link notice mail');
    expect(warned).toHaveLength(1);
    expect(warned[0].level).toBe(40);
    const requestId = new URL(url).searchParams.get('request') ?? '';
    for (const line of lines) {
      expect(line).not.toContain(ADDRESS);
      expect(line).not.toContain(requestId);
    }
  });
});
