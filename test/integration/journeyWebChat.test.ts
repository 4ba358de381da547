import { checklistText } from '../../dialogs/email/awaitEmailConfirmationDialog';
import type { Texts } from '../../src/i18n/i18n';
import { openForm, submitForm } from '../support/formClient';
import { startService, type ServiceHarness, type ServiceTopology } from '../support/appHarness';
import { redisTargets } from '../support/redisTargets';
import type { TestSmtpServer } from '../support/smtpServer';
import { loadTexts } from '../support/texts';
import { linkOf, WebChatStudent } from '../support/webChatStudent';

jest.setTimeout(60_000);

const [single, cluster] = redisTargets();
/** One instance on the single node; two behind a round-robin proxy on the 3-master cluster. */
const topologies: [string, ServiceTopology][] = [
  ['one instance on redis', { connect: single.connect }],
  ['two instances on redis cluster', { connect: cluster.connect, instances: 2 }],
];

/**
 * A student in the web chat, from the first message to "email registered", then a change of
 * address and unlinking — against the service as production wires it, on real Redis, with
 * mail going over SMTP to a server started here.
 */
describe.each(topologies)('login and email registration in the web chat (%s)', (_, topology) => {
  let texts: Texts;
  let service: ServiceHarness;
  let smtp: TestSmtpServer;
  let base: string;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    service = await startService({}, {}, {}, topology);
    ({ base, smtp } = service);
  });
  afterEach(async () => {
    await service.close();
  });

  /** Logs in on the login page as a browser would; returns the page the student ends on. */
  async function logInOnThePage(url: string, password = 'demo1234') {
    const form = await openForm(url);
    expect(form.status).toBe(200);
    return submitForm(base, form, { studentId: 'a0123456', password });
  }

  /** The one-time URL in a mail. */
  function urlIn(text: string): string {
    const url = /(http:\/\/\S+\/auth\/email\/confirm\?token=[\w-]+)/.exec(text)?.[1];
    if (!url) throw new Error('no confirmation URL in the mail');
    return url;
  }

  it('walks a new student from the first message to a registered address', async () => {
    const ja = texts.t('ja');
    const student = await WebChatStudent.open(base, 'ja-JP');
    const [, menu] = await student.hear(2);
    expect(menu.choices?.map((c) => c.label)).toContain(ja('menu.login'));

    await student.say(ja('menu.login'));
    const [card] = await student.hear(1);
    expect(card.cards?.[0].title).toBe(ja('login.cardTitle'));
    const loginUrl = linkOf(card);
    expect(loginUrl.startsWith(`${base}/auth/login?request=`)).toBe(true);

    // A wrong password changes nothing and does not use the link up.
    const wrong = await logInOnThePage(loginUrl, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain(texts.t('ja', 'auth')('form.invalidCredentials'));
    const done = await logInOnThePage(loginUrl);
    expect(done.status).toBe(200);
    // The same login link cannot be used twice.
    const again = await openForm(loginUrl);
    expect(again.fields.csrf).toBeUndefined();

    expect(await student.hearTexts(3)).toEqual([
      `${ja('login.done', { name: '京大 太郎', studentId: 'a0123456' })}\n${ja('login.unlinkHint')}`,
      ja('email.firstLogin'),
      ja('email.askAddress'),
    ]);

    // Each mistake the manual lists gets its own answer, and the question again.
    const mistakes: [string, string][] = [
      ['taro @example.ac.jp', 'spaces'],
      ['ｔａｒｏ＠example.ac.jp', 'fullWidth'],
      ['taro.example.ac.jp', 'invalid'],
    ];
    for (const [typed, reason] of mistakes) {
      await student.say(typed);
      expect(await student.hearTexts(1)).toEqual([
        `${ja(`email.reason.${reason}`)}\n${ja('email.askAddress')}`,
      ]);
    }
    await student.say('taro@example.ac.jp');
    expect(await student.hearTexts(1)).toEqual([ja('email.askCheck')]);
    await student.say('taro@example.ac.jq');
    expect(await student.hearTexts(2)).toEqual([
      ja('email.reason.mismatch'),
      ja('email.askAddress'),
    ]);
    await student.say('taro@example.ac.jp');
    await student.hear(1);
    await student.say('taro@example.ac.jp');
    const [sent, waiting] = await student.hear(2);
    expect(sent.text).toContain('taro@example.ac.jp');
    expect(waiting.choices?.map((c) => c.label)).toEqual([
      ja('email.resend'),
      ja('email.notReceived'),
      ja('email.changeAddress'),
    ]);

    await student.say(ja('email.notReceived'));
    const [checklist] = await student.hearTexts(2);
    expect(checklist).toBe(checklistText(texts, 'ja'));

    const [mail] = await smtp.waitForMails(1);
    expect(mail.envelope.to).toEqual(['taro@example.ac.jp']);
    const confirmUrl = urlIn(mail.parsed.text ?? '');
    // Opening the link (as a mail scanner would) changes nothing…
    await openForm(confirmUrl);
    const page = await openForm(confirmUrl);
    expect(page.status).toBe(200);
    // …pressing Confirm does.
    const confirmed = await submitForm(base, page);
    expect(confirmed.status).toBe(303);
    const [completed, menuAgain] = await student.hear(2);
    expect(completed.text).toBe(ja('email.completed', { address: 'taro@example.ac.jp' }));
    expect(menuAgain.choices?.map((c) => c.label)).toContain(ja('menu.settings'));
    // A used link says so.
    expect((await openForm(confirmUrl)).status).toBe(410);
  });

  it('changes the address from settings, keeping the old one until confirmed, and unlinks', async () => {
    const en = texts.t('en');
    const student = await WebChatStudent.open(base, 'en-US');
    await student.hear(2);
    await student.say('login');
    const [card] = await student.hear(1);
    await logInOnThePage(linkOf(card));
    await student.hear(3);
    await student.say('old@example.ac.jp');
    await student.hear(1);
    await student.say('old@example.ac.jp');
    await student.hear(2);
    const [first] = await smtp.waitForMails(1);
    await submitForm(base, await openForm(urlIn(first.parsed.text ?? '')));
    await student.hear(2);

    await student.say(en('menu.settings'));
    const [current, settings] = await student.hearTexts(2);
    expect(current).toContain('old@example.ac.jp');
    expect(settings).toBe(en('settings.prompt'));
    await student.say(en('settings.changeEmail'));
    expect(await student.hearTexts(1)).toEqual([en('email.askNewAddress')]);
    await student.say('new@example.ac.jp');
    await student.hear(1);
    await student.say('new@example.ac.jp');
    await student.hear(2);
    const [, change] = await smtp.waitForMails(2);
    expect(change.envelope.to).toEqual(['new@example.ac.jp']);

    // Until the new address is confirmed, the old one stays in force.
    await student.say('menu');
    await student.hear(1);
    await student.say(en('menu.settings'));
    expect((await student.hearTexts(2))[0]).toContain('old@example.ac.jp');
    await student.say(en('settings.back'));
    await student.hear(1);

    await submitForm(base, await openForm(urlIn(change.parsed.text ?? '')));
    const [changed] = await student.hearTexts(2);
    expect(changed).toBe(en('email.changed', { address: 'new@example.ac.jp' }));
    const [, , notice] = await smtp.waitForMails(3);
    expect(notice.envelope.to).toEqual(['old@example.ac.jp']);

    await student.say(en('menu.settings'));
    await student.hear(2);
    await student.say(en('settings.unlink'));
    expect(await student.hearTexts(1)).toEqual([en('settings.confirmUnlink')]);
    await student.say(en('settings.yes'));
    const [unlinked, menu] = await student.hear(2);
    expect(unlinked.text).toBe(en('settings.unlinked'));
    expect(menu.choices?.map((c) => c.label)).toContain(en('menu.login'));
  });

  it('refuses to log in with a login link that expired or never existed', async () => {
    const forged = await openForm(`${base}/auth/login?request=${'A'.repeat(22)}`);
    expect(forged.fields.csrf).toBeUndefined();
    expect(forged.html).toContain(texts.t('ja', 'auth')('invalidLink.title'));
  });
});
