import type { ConversationReference } from 'botbuilder';
import { RedisChatReachability } from '../../src/students/redisChatReachability';
import { RedisConversationDirectory } from '../../src/students/redisConversationDirectory';
import type { ChatAccount } from '../../src/students/student';
import { CHAT_EVENTS, ChatEventSender } from '../../src/turns/chatEvents';
import { startLineApp, type LineAppHarness } from '../support/appHarness';
import { eventually } from '../support/browser';
import { FakeLineApi } from '../support/fakeLineApi';
import { LineEvents } from '../support/lineWebhook';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';

const BLOCKER = 'U0000000000000000000000000000b10c';
const FRIEND = 'U0000000000000000000000000000f00d';
const account = (accountId: string): ChatAccount => ({ channel: 'line', accountId });

/** A conversation reference as the bot saves it for a LINE 1:1 chat. */
function referenceOf(userId: string): Partial<ConversationReference> {
  return {
    channelId: 'line',
    serviceUrl: '',
    conversation: { id: userId, conversationType: 'personal', isGroup: false, name: '' },
    user: { id: userId, name: '' },
    bot: { id: 'line-bot', name: '' },
  };
}

/**
 * Blocking through the whole service on Redis: LINE's `unfollow` marks the user, proactive
 * messages (reminders, order news) then skip them, and `follow` makes them reachable again.
 */
describe('a LINE user who blocks the bot', () => {
  let line: FakeLineApi;
  let redis: TestRedis;
  let harness: LineAppHarness;
  let reachability: RedisChatReachability;
  let sender: ChatEventSender;
  const events = () => new LineEvents(line);
  const pushesTo = (userId: string) =>
    line.callsTo('push').filter((call) => call.body.to === userId && call.status === 200).length;

  /** News from outside the chat, as the service queues it for a student's conversation. */
  async function tellNews(...userIds: string[]): Promise<void> {
    for (const userId of userIds) {
      const queued = await sender.send(account(userId), {
        name: CHAT_EVENTS.emailConfirmed,
        value: { address: 'student@example.ac.jp', purpose: 'register' },
      });
      expect(queued).toBe(true);
    }
    await harness.app.queue.idle();
  }

  async function isBlocked(userId: string): Promise<boolean> {
    return (await reachability.blockedAmong([account(userId)])).size === 1;
  }

  beforeAll(async () => {
    line = await FakeLineApi.start();
    redis = await testRedis();
    harness = await startLineApp(line, { redisUrl: TEST_REDIS_URL, prefix: redis.prefix });
    reachability = new RedisChatReachability(redis.redis, redis.keys);
    const directory = new RedisConversationDirectory(redis.redis, redis.keys);
    for (const userId of [BLOCKER, FRIEND])
      await directory.save(account(userId), referenceOf(userId));
    sender = new ChatEventSender(harness.app.queue, directory);
  });

  afterAll(async () => {
    await harness.close();
    await line.close();
    await redis.cleanup();
  });

  it('gets proactive messages, then none after unfollow, then again after follow', async () => {
    await tellNews(BLOCKER);
    await eventually(() => expect(pushesTo(BLOCKER)).toBeGreaterThan(0));
    const before = pushesTo(BLOCKER);

    expect((await harness.post([events().unfollow(BLOCKER)])).status).toBe(200);
    await eventually(async () => expect(await isBlocked(BLOCKER)).toBe(true));
    expect(await isBlocked(FRIEND)).toBe(false);

    const friendBefore = pushesTo(FRIEND);
    await tellNews(BLOCKER, FRIEND);
    await eventually(() => expect(pushesTo(FRIEND)).toBeGreaterThan(friendBefore));
    expect(pushesTo(BLOCKER)).toBe(before);
    expect(line.callsTo('push').filter((call) => call.body.to === BLOCKER)).toHaveLength(before);

    // Unblocking: LINE sends `follow`, the bot greets with the reply token.
    expect((await harness.post([events().follow(BLOCKER)])).status).toBe(200);
    await eventually(async () => expect(await isBlocked(BLOCKER)).toBe(false));
    await tellNews(BLOCKER);
    await eventually(() => expect(pushesTo(BLOCKER)).toBeGreaterThan(before));
  }, 60_000);
});
