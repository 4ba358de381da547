import { randomBytes } from 'node:crypto';
import type { webhook } from '@line/bot-sdk';
import type { Texts } from '../../src/i18n/i18n';
import { startLineApp, type LineAppHarness } from '../support/appHarness';
import { FakeLineApi, urisIn } from '../support/fakeLineApi';
import { freePort } from '../support/freePort';
import { openForm, submitForm } from '../support/formClient';
import { seedLinkedLineStudent, type LinkedLineStudent } from '../support/linkedLineStudent';
import { LineEvents } from '../support/lineWebhook';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';
import { redisKeysMentioning } from '../support/redisMentions';
import { lineUserId } from '../support/staffFixtures';
import { loadTexts } from '../support/texts';

jest.setTimeout(60_000);

const ACCOUNT_LINK_URL = 'https://access.line.example/dialog/bot/accountLink';

/** A LINE group or room id as LINE writes them: C or R and 32 hex digits. */
const chatId = (kind: 'C' | 'R') => `${kind}${randomBytes(16).toString('hex')}`;

/**
 * Issue 10, item 7: in a LINE group or room everyone reads what the bot says, so the bot only
 * asks the student to talk to it one to one. The whole service on real Redis, signed webhooks
 * in, the local LINE API out.
 */
describe('the bot in LINE group chats and rooms', () => {
  let texts: Texts;
  let lineApi: FakeLineApi;
  let redis: TestRedis;
  let service: LineAppHarness;
  let base: string;
  let events: LineEvents;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    lineApi = await FakeLineApi.start();
    redis = await testRedis();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    service = await startLineApp(lineApi, {
      redisUrl: TEST_REDIS_URL,
      prefix: redis.prefix,
      port,
      env: { PUBLIC_URL: base, LINE_ACCOUNT_LINK_URL: ACCOUNT_LINK_URL },
    });
    events = new LineEvents(lineApi);
  });
  afterEach(async () => {
    await service.close();
    await lineApi.close();
    await redis.cleanup();
  });

  const inGroup = (groupId: string, userId?: string): webhook.Source =>
    ({ type: 'group', groupId, ...(userId ? { userId } : {}) }) as webhook.Source;
  const keysAbout = (needle: string) => redisKeysMentioning(redis.redis, redis.prefix, needle);
  const textsOf = (messages: Record<string, unknown>[]) => messages.map((m) => m.text);

  /** Posts events one by one and returns what the bot sent to `to` for each. */
  async function answersIn(to: string, batch: object[]): Promise<unknown[][]> {
    const answers: unknown[][] = [];
    for (const event of batch) {
      const before = lineApi.messagesTo(to).length;
      expect((await service.post([event])).status).toBe(200);
      await service.app.queue.idle();
      answers.push(textsOf(lineApi.messagesTo(to).slice(before)));
    }
    return answers;
  }

  it('answers login, "My orders", the menu word and a postback only with the 1:1 request', async () => {
    const [ja, en] = [texts.t('ja'), texts.t('en')];
    const user = lineUserId();
    lineApi.setProfile(user, { displayName: 'Member', language: 'en' });
    const groupId = chatId('C');
    const source = inGroup(groupId, user);
    const answers = await answersIn(groupId, [
      events.text(user, 'login', { source }),
      events.text(user, ja('menu.login'), { source }),
      events.text(user, en('menu.orders'), { source }),
      events.text(user, 'メニュー', { source }),
      events.postback(user, 'orders', { source }),
      events.sticker(user, { source }),
    ]);
    // In the member's LINE language, as LINE's profile gives it.
    for (const answer of answers) expect(answer).toEqual([en('groupChat.oneToOne')]);

    expect(lineApi.messagesTo(groupId).flatMap(urisIn)).toEqual([]);
    expect(lineApi.callsTo('linkToken')).toEqual([]);
    expect(lineApi.callsTo('loading')).toEqual([]);
    // Nothing went to the member's own chat either, and nothing was kept about the group.
    expect(lineApi.messagesTo(user)).toEqual([]);
    expect(await keysAbout(groupId)).toEqual([]);
  });

  it('answers in a room too, in Japanese then English when the language is unknown', async () => {
    const both = [texts.t('ja')('groupChat.oneToOne'), texts.t('en')('groupChat.oneToOne')];
    const user = lineUserId();
    // Not a friend of the bot: LINE's profile API does not know them.
    lineApi.setProfile(user, null);
    const roomId = chatId('R');
    const source = { type: 'room', roomId, userId: user } as webhook.Source;
    const answers = await answersIn(roomId, [
      events.text(user, 'login', { source, replyToken: lineApi.mintReplyToken(roomId) }),
      events.postback(user, 'login', { source, replyToken: lineApi.mintReplyToken(roomId) }),
    ]);
    expect(answers).toEqual([both, both]);
    expect(await keysAbout(roomId)).toEqual([]);
  });

  it('says the same once when it is added to a group, and nothing when members join', async () => {
    const both = [texts.t('ja')('groupChat.oneToOne'), texts.t('en')('groupChat.oneToOne')];
    const groupId = chatId('C');
    const joined = events.unknown('', 'join', { source: inGroup(groupId) });
    const memberJoined = {
      ...events.unknown('', 'memberJoined', { source: inGroup(groupId) }),
      joined: { members: [{ type: 'user', userId: lineUserId() }] },
    };
    expect(await answersIn(groupId, [joined, memberJoined])).toEqual([both, []]);
    expect(await keysAbout(groupId)).toEqual([]);
  });

  it('binds nothing on an account link from a group, and leaves the nonce to its 1:1 chat', async () => {
    const ja = texts.t('ja');
    const user = lineUserId();
    await service.post([events.follow(user)]);
    await service.post([events.text(user, 'ログイン')]);
    const messages = await lineApi.waitForMessages(user, 3);
    const [loginUrl] = messages.flatMap(urisIn);
    const answer = await submitForm(base, await openForm(loginUrl), {
      studentId: 'a0123456',
      password: 'demo1234',
    });
    const nonce = new URL(answer.location ?? '').searchParams.get('nonce') ?? '';
    expect(nonce).not.toBe('');

    const groupId = chatId('C');
    const linked = ja('login.done', { name: '京大 太郎', studentId: 'a0123456' });
    const [inGroupAnswer] = await answersIn(groupId, [
      events.accountLink(user, 'ok', nonce, { source: inGroup(groupId, user) }),
    ]);
    expect(inGroupAnswer).toEqual([]);
    expect(textsOf(lineApi.messagesTo(user)).join('\n')).not.toContain(linked);
    expect(await keysAbout(groupId)).toEqual([]);

    // The rightful 1:1 event still links: the group's event neither bound nor spent the nonce.
    await service.post([events.accountLink(user, 'ok', nonce)]);
    await service.app.queue.idle();
    expect(textsOf(lineApi.messagesTo(user)).join('\n')).toContain(linked);
  });

  describe('a linked student with an order ready to print', () => {
    let student: LinkedLineStudent;
    beforeEach(async () => {
      student = await seedLinkedLineStudent(redis.redis, redis.keys, 'en');
    });

    const secretsOf = (s: LinkedLineStudent) => [
      s.orderId,
      s.reservationNumber,
      s.email,
      s.studentId,
      'Taro',
      '太郎',
    ];

    it('sees none of their order in a group, and all of it in their 1:1 chat', async () => {
      const [ja, en] = [texts.t('ja'), texts.t('en')];
      const groupId = chatId('C');
      const source = inGroup(groupId, student.lineUserId);
      const answers = await answersIn(groupId, [
        events.text(student.lineUserId, en('menu.orders'), { source }),
        events.text(student.lineUserId, ja('menu.orders'), { source }),
        events.postback(student.lineUserId, 'orders', { source }),
        events.text(student.lineUserId, 'login', { source }),
      ]);
      for (const answer of answers) expect(answer).toEqual([ja('groupChat.oneToOne')]);
      const shown = JSON.stringify(lineApi.messagesTo(groupId));
      for (const secret of secretsOf(student)) expect(shown).not.toContain(secret);
      expect(lineApi.messagesTo(student.lineUserId)).toEqual([]);
      expect(await keysAbout(groupId)).toEqual([]);

      // The same student, one to one: their orders, with the reservation number.
      await service.post([events.follow(student.lineUserId)]);
      await service.post([events.text(student.lineUserId, ja('menu.orders'))]);
      await service.app.queue.idle();
      const own = JSON.stringify(lineApi.messagesTo(student.lineUserId));
      expect(own).toContain(student.orderId);
      expect(own).toContain(student.reservationNumber);
    });
  });
});
