import { RedisWebChatOutbox } from '../../src/channels/webchat/redisWebChatOutbox';
import type { RedisClient } from '../../src/storage/redisConnection';
import type { TestRedis } from '../support/redis';
import { redisTargets } from '../support/redisTargets';
import { botTexts, collect, createSession, poll, postJson, say } from '../support/webchatHttp';
import { startWebChatServer, type WebChatTestServer } from '../support/webchatTestServer';

// Two service instances behind a load balancer: each has its own Redis connection, turn queue
// and adapter; they share only Redis (one key prefix).
describe.each(redisTargets())('web chat on two instances sharing $name', ({ connect }) => {
  let redis: TestRedis;
  let second: RedisClient;
  let a: WebChatTestServer;
  let b: WebChatTestServer;

  beforeAll(async () => {
    redis = await connect();
    second = redis.connect();
    a = await startWebChatServer({ outbox: new RedisWebChatOutbox(redis.redis, redis.keys) });
    b = await startWebChatServer({ outbox: new RedisWebChatOutbox(second, redis.keys) });
  });

  afterAll(async () => {
    await a.close();
    await b.close();
    second.disconnect();
    await redis.cleanup();
  });

  test('a session made on A is known to B, and B serves the reply to a message sent to A', async () => {
    const id = await createSession(a.url, 'en');
    const waitingOnB = poll(b.url, id, 0);
    expect((await say(a.url, id, 'ping')).status).toBe(202);
    expect((await waitingOnB)[0]).toMatchObject({ seq: 1, from: 'user', text: 'ping' });
    const all = await collect(b.url, id, (m) => botTexts(m).length > 0);
    expect(botTexts(all)).toEqual(['echo: ping']);
  });

  test('messages alternating between instances keep one order and one numbering', async () => {
    const id = await createSession(b.url);
    await postJson(`${b.url}/api/webchat/messages`, { sessionId: id, type: 'conversationUpdate' });
    // The greeting must be in before the next turn, or the two turns could interleave.
    await collect(a.url, id, (m) => botTexts(m).length === 1);
    await say(a.url, id, 'one');
    await collect(b.url, id, (m) => botTexts(m).includes('echo: one'));
    await say(b.url, id, 'two');
    const all = await collect(a.url, id, (m) => botTexts(m).includes('echo: two'));
    expect(all.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(all.map((m) => m.text)).toEqual([
      'Welcome! (no locale)',
      'one',
      'echo: one',
      'two',
      'echo: two',
    ]);
  });

  test('a proactive message sent by B reaches a page polling A', async () => {
    const id = await createSession(a.url);
    await say(a.url, id, 'hello');
    const seen = await collect(a.url, id, (m) => botTexts(m).length > 0);
    const reference = a.references.get(id)!;
    const waitingOnA = poll(a.url, id, seen[seen.length - 1].seq);
    await b.adapter.continueConversation(reference, async (context) => {
      await context.sendActivity('Payment received.');
    });
    expect(botTexts(await waitingOnA)).toEqual(['Payment received.']);
  });
});
