import { ActivityTypes, type Activity } from 'botbuilder';
import { choicesOf } from '../../src/channels/card';
import type { Texts } from '../../src/i18n/i18n';
import type { DirectoryEntry } from '../../src/students/student';
import { CHAT_EVENTS } from '../../src/turns/chatEvents';
import { dialogBot } from '../support/dialogBot';
import { TARO } from '../support/printFixtures';
import { loadTexts } from '../support/texts';

const account = { channel: 'webchat', accountId: 'shortcut-student' } as const;
/** A final-year undergraduate: every certificate but expected completion. */
const taro: DirectoryEntry = { ...TARO, year: 4, finalYear: true };

/** The real bot as a web-chat account; `logIn` makes it a student's with a confirmed address. */
async function harness(locale: string) {
  const { services, say } = await dialogBot({
    locale,
    channelId: account.channel,
    from: { id: account.accountId, name: 'student' },
  });
  const logIn = async () => {
    await services.students.login(taro, account);
    await services.students.setEmail(taro.studentId, 'taro@example.ac.jp');
  };
  return { say, logIn };
}

const textOf = (replies: Partial<Activity>[]) => replies.map((r) => r.text ?? '');
const summaryOf = (replies: Partial<Activity>[]) =>
  JSON.stringify(replies[0].attachments?.[0]?.content);

describe('typed order shortcuts in the order dialog', () => {
  let texts: Texts;
  beforeAll(async () => {
    texts = await loadTexts();
  });

  it('asks only for what「成績証明書を2部」leaves open, and ends at the same summary', async () => {
    const ja = texts.t('ja');
    const long = await harness('ja-JP');
    await long.logIn();
    await long.say('こんにちは');
    await long.say(ja('menu.apply'));
    await long.say('成績証明書');
    await long.say(ja('order.languageJa'));
    await long.say('2');
    await long.say(ja('order.noMore'));
    const longSummary = await long.say('1'); // the first store: 7-Eleven

    const short = await harness('ja-JP');
    await short.logIn();
    await short.say('こんにちは');
    const language = await short.say('成績証明書を2部');
    expect(textOf(language)).toEqual([ja('order.chooseLanguage', { name: '成績証明書' })]);
    const more = await short.say(ja('order.languageJa'));
    expect(textOf(more)).toEqual([ja('order.addMore')]);
    expect(textOf(await short.say(ja('order.noMore')))).toEqual([ja('order.chooseStore')]);
    const summary = await short.say('セブン-イレブン');
    expect(textOf(summary)[1]).toBe(ja('order.summaryTitle'));
    expect(textOf(longSummary)[1]).toBe(ja('order.summaryTitle'));
    expect(summaryOf(summary)).toBe(summaryOf(longSummary));
  });

  it('fills everything from "2 English transcripts at Lawson" and goes to the summary', async () => {
    const en = texts.t('en');
    const { say, logIn } = await harness('en-US');
    await logIn();
    await say('hi');
    expect(textOf(await say('2 English transcripts at Lawson'))).toEqual([en('order.addMore')]);
    const summary = await say(en('order.noMore'));
    expect(textOf(summary)[1]).toBe(en('order.summaryTitle'));
    const line = { name: 'Academic Transcript', language: en('order.languageEn'), copies: 2 };
    expect(summaryOf(summary)).toContain(en('order.line', line));
    expect(summaryOf(summary)).toContain('FamilyMart / Lawson');
  });

  it('asks again with the usual message for copies out of range, offering 1–5', async () => {
    const ja = texts.t('ja');
    const { say, logIn } = await harness('ja-JP');
    await logIn();
    await say('こんにちは');
    const [copies] = await say('成績証明書 英文 99部 セブン');
    expect(copies.text?.split('\n')[0]).toBe(ja('order.copiesRetry', { max: 10 }));
    expect(choicesOf(copies).map((c) => c.label)).toEqual(['1', '2', '3', '4', '5']);
    expect(textOf(await say('3'))).toEqual([ja('order.addMore')]);
    const summary = await say(ja('order.noMore'));
    expect(textOf(summary)[1]).toBe(ja('order.summaryTitle'));
  });

  it('asks for the language when the certificate has not the one typed', async () => {
    const en = texts.t('en');
    const { say, logIn } = await harness('en-US');
    await logIn();
    await say('hi');
    const [question] = await say('english health examination certificate, 1 copy');
    expect(question.text).toBe(
      en('order.chooseLanguage', { name: 'Health Examination Certificate' }),
    );
    expect(choicesOf(question).map((c) => c.label)).toEqual([en('order.languageJa')]);
    expect(textOf(await say(en('order.languageJa')))).toEqual([en('order.addMore')]);
  });

  it.each(['ja-JP', 'en-US'])(
    'starts afresh, without the shortcut, when the student edits the summary (%s)',
    async (locale) => {
      // The summary's edit button must never be a word of the menu command ("start over" was).
      const t = texts.t(locale.startsWith('ja') ? 'ja' : 'en');
      const { say, logIn } = await harness(locale);
      await logIn();
      await say(locale.startsWith('ja') ? 'こんにちは' : 'hello');
      await say('transcript english x1 7-eleven');
      await say(t('order.noMore'));
      expect(textOf(await say(t('order.edit')))).toEqual([t('order.chooseCertificate')]);
    },
  );

  it('logs in first when needed, then keeps the shortcut’s answers', async () => {
    const ja = texts.t('ja');
    const { say, logIn } = await harness('ja-JP');
    await say('こんにちは');
    const login = await say('在学証明書 英文 3部 ファミマ');
    expect(textOf(login)[0]).toBe(ja('login.required'));
    await logIn();
    const after = await say({
      type: ActivityTypes.Event,
      name: CHAT_EVENTS.loggedIn,
      value: { studentId: taro.studentId },
    });
    expect(textOf(after).at(-1)).toBe(ja('order.addMore'));
    const summary = await say(ja('order.noMore'));
    const line = { name: '在学証明書', language: ja('order.languageEn'), copies: 3 };
    expect(summaryOf(summary)).toContain(ja('order.line', line));
  });

  it('leaves questions, negations and text inside a dialog alone', async () => {
    const en = texts.t('en');
    const { say, logIn } = await harness('en-US');
    await logIn();
    await say('hi');
    expect(textOf(await say('what is a transcript?'))).toEqual([en('menu.retry')]);
    expect(textOf(await say('no transcript'))).toEqual([en('menu.retry')]);
    await say(en('menu.apply'));
    // At the certificate question, a shortcut is just a (failed) answer to that question.
    expect(textOf(await say('2 transcripts'))).toEqual([en('order.chooseCertificate')]);
  });

  it.each([
    ['10,000 characters', `transcript ${'x'.repeat(10_000)}`],
    ['control characters', 'transcript\u0000\u0007 2 copies'],
    ['an RTL override', '\u202etranscript 2 copies'],
    ['mixed scripts', 'Привет transcript مرحبا 成績'],
  ])('answers %s with the usual fallback', async (_name, text) => {
    const { say, logIn } = await harness('en-US');
    await logIn();
    await say('hi');
    expect(textOf(await say(text))).toEqual([texts.t('en')('menu.retry')]);
  });
});
