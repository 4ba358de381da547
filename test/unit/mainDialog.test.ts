import { ActivityTypes, type Activity } from 'botbuilder';
import { cardsOf, choicesOf } from '../../src/channels/card';
import type { Texts } from '../../src/i18n/i18n';
import { dialogBot, TEST_SUPPORT as support } from '../support/dialogBot';
import { TARO } from '../support/printFixtures';
import { loadTexts } from '../support/texts';

/** Runs the real bot in botbuilder's TestAdapter and collects what it says per turn. */
const harness = (locale = 'ja-JP') => dialogBot({ locale });

const textsOf = (replies: Partial<Activity>[]) => replies.map((r) => r.text ?? '');

describe('main dialog', () => {
  let texts: Texts;
  beforeAll(async () => {
    texts = await loadTexts();
  });

  it('greets a new student on first contact and offers the menu', async () => {
    const { say } = await harness();
    const replies = await say({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user1', name: 'user' }],
    });
    const ja = texts.t('ja');
    expect(textsOf(replies)).toEqual([ja('welcome'), ja('menu.prompt')]);
    expect(choicesOf(replies[1]).map((c) => c.label)).toEqual([
      ja('menu.apply'),
      ja('menu.login'),
      ja('menu.help'),
      ja('menu.manual'),
      ja('menu.language'),
    ]);
  });

  it('takes the first language from the activity locale', async () => {
    const { say } = await harness('en-US');
    const replies = await say('hello');
    expect(textsOf(replies)).toEqual([texts.t('en')('menu.prompt')]);
  });

  it('answers unknown text with a short hint and the menu, never silence', async () => {
    const { say } = await harness('en-US');
    await say('hello');
    const replies = await say('what is the meaning of life');
    expect(textsOf(replies)).toEqual([texts.t('en')('menu.retry')]);
    expect(choicesOf(replies[0]).length).toBe(5);
  });

  it('shows help with the call centre and the sealed-envelope note, then the menu again', async () => {
    const { say } = await harness('en-US');
    await say('hi');
    const replies = await say('HELP');
    const en = texts.t('en');
    expect(replies[0].text).toContain(en('help.callCenter', { phone: support.callCenterPhone }));
    expect(replies[0].text).toContain(en('help.sealedEnvelope'));
    expect(replies[1].text).toBe(en('menu.prompt'));
  });

  it('sends the manual as a card with the link, phone and sealed-envelope note', async () => {
    const { say } = await harness();
    await say('こんにちは');
    const replies = await say('マニュアル');
    const [card] = cardsOf(replies[0]);
    expect(card.title).toBe(texts.t('ja')('manual.title'));
    expect(card.buttons).toEqual([
      { kind: 'link', label: texts.t('ja')('manual.open'), url: support.manualUrl },
    ]);
    expect(card.fields?.map((f) => f.value)).toContain(support.callCenterPhone);
  });

  it('switches language at any time and remembers it', async () => {
    const { say } = await harness('ja-JP');
    await say('こんにちは');
    const switched = await say('English');
    const en = texts.t('en');
    expect(textsOf(switched)).toEqual([en('language.changed'), en('menu.prompt')]);
    expect(choicesOf(switched[1])[4].label).toBe(en('menu.language'));
    expect(textsOf(await say('???'))).toEqual([en('menu.retry')]);
    const back = await say('日本語');
    expect(textsOf(back)).toEqual([
      texts.t('ja')('language.changed'),
      texts.t('ja')('menu.prompt'),
    ]);
  });

  it('toggles language with the word "language" and with the menu button', async () => {
    const { say } = await harness('en-US');
    await say('hi');
    expect(textsOf(await say('language'))[0]).toBe(texts.t('ja')('language.changed'));
    expect(textsOf(await say('5'))[0]).toBe(texts.t('en')('language.changed'));
  });

  it('says there is nothing to cancel at the menu, and keeps the menu', async () => {
    const { say } = await harness('en-US');
    await say('hi');
    expect(textsOf(await say('cancel'))).toEqual([
      texts.t('en')('cancel.nothing'),
      texts.t('en')('menu.prompt'),
    ]);
  });

  it('answers a message without text (sticker, image) and repeats the menu', async () => {
    const { say } = await harness('en-US');
    await say('hi');
    const replies = await say({
      type: ActivityTypes.Message,
      channelData: { lineMessageType: 'sticker' },
    });
    expect(textsOf(replies)).toEqual([texts.t('en')('nonText'), texts.t('en')('menu.prompt')]);
  });

  it('copes with very long text and emoji', async () => {
    const { say } = await harness('en-US');
    await say('hi');
    expect(textsOf(await say('x'.repeat(10_000)))).toEqual([texts.t('en')('menu.retry')]);
    expect(textsOf(await say('🎓📄✨'))).toEqual([texts.t('en')('menu.retry')]);
  });

  it('looks the student up once a turn for the menu, and offers what is true on the next turn', async () => {
    const account = { channel: 'line' as const, accountId: 'U-menu-once' };
    const { say, services } = await dialogBot({
      locale: 'ja-JP',
      channelId: account.channel,
      from: { id: account.accountId, name: 'student' },
    });
    const ja = texts.t('ja');
    await say('こんにちは');
    const lookups = jest.spyOn(services.students, 'findByAccount');
    // "マニュアル" is recognised against the menu, then the menu is asked again: one lookup.
    const manual = await say('マニュアル');
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(choicesOf(manual[manual.length - 1]).map((c) => c.label)).toContain(ja('menu.login'));
    // Logged in between two turns: the next turn's menu is the student's.
    await services.students.login(TARO, account);
    const after = await say('マニュアル');
    expect(lookups).toHaveBeenCalledTimes(2);
    const labels = choicesOf(after[after.length - 1]).map((c) => c.label);
    expect(labels).toContain(ja('menu.orders'));
    expect(labels).not.toContain(ja('menu.login'));
  });
});
