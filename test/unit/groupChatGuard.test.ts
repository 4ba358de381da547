import {
  ActivityTypes,
  MemoryStorage,
  TestAdapter,
  type Activity,
  type ConversationAccount,
} from 'botbuilder';
import { buildBot } from '../../src/composition/buildBot';
import type { Texts } from '../../src/i18n/i18n';
import { memoryServices } from '../support/memoryServices';
import { loadTexts } from '../support/texts';

const support = { manualUrl: 'http://localhost:3978/manual', callCenterPhone: '06-6809-4327' };
const GROUP = { id: 'G1', isGroup: true, conversationType: 'group', name: '' };

/** The real bot in botbuilder's TestAdapter, with storage a test can look into. */
async function harness() {
  const stored = { conversations: {}, users: {} } as Record<string, Record<string, string>>;
  const { services } = await memoryServices();
  const bot = buildBot(
    {
      conversations: new MemoryStorage(stored.conversations),
      users: new MemoryStorage(stored.users),
    },
    await loadTexts(),
    support,
    services,
  );
  const adapter = new TestAdapter(bot.run);
  const say = async (activity: Partial<Activity>): Promise<string[]> => {
    adapter.activeQueue.splice(0);
    await adapter.receiveActivity({ type: ActivityTypes.Message, ...activity });
    return adapter.activeQueue.splice(0).map((reply) => reply.text ?? '');
  };
  return { say, stored };
}

describe('the bot in a group chat', () => {
  let texts: Texts;
  beforeAll(async () => {
    texts = await loadTexts();
  });

  it('answers commands, menu words and chatter only with the 1:1 request, storing nothing', async () => {
    const en = texts.t('en');
    const { say, stored } = await harness();
    for (const text of ['login', 'My orders', en('menu.orders'), 'menu', 'hello', undefined]) {
      expect(await say({ text, locale: 'en-US', conversation: GROUP })).toEqual([
        en('groupChat.oneToOne'),
      ]);
    }
    expect(stored).toEqual({ conversations: {}, users: {} });
  });

  it('speaks both languages, Japanese first, when the language is unknown', async () => {
    const both = [texts.t('ja')('groupChat.oneToOne'), texts.t('en')('groupChat.oneToOne')];
    const { say } = await harness();
    expect(await say({ text: 'login', conversation: GROUP })).toEqual(both);
    expect(await say({ text: 'login', locale: 'ko-KR', conversation: GROUP })).toEqual(both);
  });

  it("prefers the student's own language choice to the platform's locale", async () => {
    const { say } = await harness();
    await say({ text: 'hi', locale: 'en-US' });
    expect(await say({ text: 'login', locale: 'ja-JP', conversation: GROUP })).toEqual([
      texts.t('en')('groupChat.oneToOne'),
    ]);
  });

  it('answers the bot being added, not other members joining, and ignores events', async () => {
    const en = texts.t('en');
    const { say, stored } = await harness();
    const added = (id: string) => ({
      type: ActivityTypes.ConversationUpdate,
      locale: 'en-US',
      conversation: GROUP,
      membersAdded: [{ id, name: '' }],
    });
    expect(await say(added('bot'))).toEqual([en('groupChat.oneToOne')]);
    expect(await say(added('someone'))).toEqual([]);
    const link = { type: ActivityTypes.Event, name: 'accountLink', conversation: GROUP };
    expect(await say({ ...link, value: { result: 'ok', nonce: 'n' } })).toEqual([]);
    expect(stored).toEqual({ conversations: {}, users: {} });
  });

  // Whether or not the channel sets isGroup, the conversation type says it.
  it.each([
    ['a LINE room', { id: 'R1', isGroup: true, conversationType: 'room' }],
    ['a Teams channel', { id: '19:c@thread.tacv2', conversationType: 'channel' }],
    ['a Teams group chat', { id: '19:g@thread.v2', conversationType: 'groupChat' }],
  ])('treats %s as a group', async (_name, conversation) => {
    const { say } = await harness();
    expect(
      await say({
        text: 'login',
        locale: 'en-US',
        conversation: { name: '', ...conversation } as ConversationAccount,
      }),
    ).toEqual([texts.t('en')('groupChat.oneToOne')]);
  });

  it('still runs the dialogs in a 1:1 chat', async () => {
    const { say } = await harness();
    expect(await say({ text: 'menu', locale: 'en-US' })).toEqual([texts.t('en')('menu.prompt')]);
  });
});
