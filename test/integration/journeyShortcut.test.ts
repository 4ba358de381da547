import type { WebChatMessage } from '../../src/channels/webchat/webChatMessage';
import type { Texts } from '../../src/i18n/i18n';
import { startService, type ServiceHarness } from '../support/appHarness';
import { loadTexts } from '../support/texts';
import { registeredStudent, WebChatStudent } from '../support/webChatStudent';

jest.setTimeout(60_000);

/**
 * Typed order shortcuts in the web chat, on real Redis: a logged-in student types
 * 「成績証明書を2部」 and is asked only for the rest, ending at the summary the long path gives.
 */
describe('typed order shortcuts in the web chat', () => {
  let texts: Texts;
  let service: ServiceHarness;
  let student: WebChatStudent;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  // A fresh service and student per test: the web chat takes 20 messages a session per 10 s.
  beforeEach(async () => {
    service = await startService();
    student = await registeredStudent(service.base, service.smtp, 'ja-JP');
  });
  afterEach(async () => {
    await service.close();
  });

  /** Says `text` and returns the `count` answers. */
  async function answer(text: string, count = 1): Promise<WebChatMessage[]> {
    await student.say(text);
    return student.hear(count);
  }

  /** Leaves the summary without applying, back at the menu. */
  async function stop(): Promise<void> {
    await answer(texts.t('ja')('order.stop'), 2);
  }

  it('asks only what the shortcut leaves open and ends at the long path’s summary', async () => {
    const ja = texts.t('ja');
    await answer(ja('menu.apply'));
    await answer('成績証明書');
    await answer(ja('order.languageJa'));
    await answer('2');
    await answer(ja('order.noMore'));
    const [longSummary] = await answer('1', 2); // the first store: 7-Eleven
    await stop();

    const [language] = await answer('成績証明書を2部');
    expect(language.text).toBe(ja('order.chooseLanguage', { name: '成績証明書' }));
    expect((await answer(ja('order.languageJa')))[0].text).toBe(ja('order.addMore'));
    expect((await answer(ja('order.noMore')))[0].text).toBe(ja('order.chooseStore'));
    const [summary, confirm] = await answer('セブン', 2);
    expect(confirm.text).toBe(ja('order.summaryTitle'));
    expect(summary.cards).toEqual(longSummary.cards);
  });

  it('asks again for copies out of range with the usual message and quick replies 1–5', async () => {
    const ja = texts.t('ja');
    const [copies] = await answer('在学証明書 英文 99部 ファミマ');
    expect(copies.text?.split('\n')[0]).toBe(ja('order.copiesRetry', { max: 10 }));
    expect(copies.choices?.map((c) => c.label)).toEqual(['1', '2', '3', '4', '5']);
    const [retry] = await answer('0');
    expect(retry.text?.split('\n')[0]).toBe(ja('order.copiesRetry', { max: 10 }));
    expect(retry.choices?.map((c) => c.label)).toEqual(['1', '2', '3', '4', '5']);
    expect((await answer('３'))[0].text).toBe(ja('order.addMore'));
    const [summary] = await answer(ja('order.noMore'), 2);
    const line = { name: '在学証明書', language: ja('order.languageEn'), copies: 3 };
    expect(summary.cards?.[0].body).toContain(ja('order.line', line));
  });

  it('answers odd input with the menu’s usual fallback, logged in or not', async () => {
    const guest = await WebChatStudent.open(service.base, 'ja-JP');
    await guest.hear(2);
    for (const [name, text] of ODD_INPUT) {
      await student.say(text);
      await guest.say(text);
      const heard = [(await student.hear(1))[0].text, (await guest.hear(1))[0].text];
      expect({ name, heard }).toEqual({ name, heard: Array(2).fill(texts.t('ja')('menu.retry')) });
    }
  });
});

const ODD_INPUT = [
  ['the longest text the web chat takes', `成績証明書 ${'あ'.repeat(1_994)}`],
  ['control characters', '成績証明書\u0000\u001b 2部'],
  ['an RTL override', '\u202e成績証明書 2部'],
  ['mixed scripts', 'Привет 成績証明書 مرحبا transcript'],
  ['a question', '成績証明書とは？'],
  ['a negation', 'no transcript'],
];
