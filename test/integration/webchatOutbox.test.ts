import { MemoryWebChatOutbox } from '../../src/channels/webchat/memoryWebChatOutbox';
import { RedisWebChatOutbox } from '../../src/channels/webchat/redisWebChatOutbox';
import { newSessionId } from '../../src/channels/webchat/sessionId';
import type { WebChatOutbox } from '../../src/channels/webchat/webChatOutbox';
import { ManualClock } from '../../src/platform/clock';
import type { RedisClient } from '../../src/storage/redisConnection';
import type { TestRedis } from '../support/redis';
import { redisTargets } from '../support/redisTargets';

interface Made {
  outbox: WebChatOutbox;
  done(): Promise<void>;
}

const REDIS = redisTargets();

// One contract, every implementation.
describe.each<[string, (maxMessages: number) => Promise<Made>]>([
  [
    'memory',
    async (maxMessages) => {
      const outbox = new MemoryWebChatOutbox({ maxMessages });
      return { outbox, done: () => outbox.close() };
    },
  ],
  ...REDIS.map(({ name, connect }): [string, (maxMessages: number) => Promise<Made>] => [
    name,
    async (maxMessages) => {
      const redis = await connect();
      const outbox = new RedisWebChatOutbox(redis.redis, redis.keys, { maxMessages });
      return {
        outbox,
        done: async () => {
          await outbox.close();
          await redis.cleanup();
        },
      };
    },
  ]),
])('%s web-chat outbox contract', (_name, make) => {
  let made: Made;
  let outbox: WebChatOutbox;

  beforeEach(async () => {
    made = await make(5);
    outbox = made.outbox;
  });
  afterEach(() => made.done());

  test('knows only the sessions it opened, with their locale', async () => {
    const id = newSessionId();
    expect(await outbox.find(id)).toBeUndefined();
    await outbox.open(id, { locale: 'en-GB' });
    expect(await outbox.find(id)).toEqual({ locale: 'en-GB' });
    const bare = newSessionId();
    await outbox.open(bare, {});
    expect(await outbox.find(bare)).toEqual({});
  });

  test('numbers appended messages in order and reads those after a number', async () => {
    const id = newSessionId();
    await outbox.open(id, {});
    expect(await outbox.append(id, [{ from: 'user', text: 'a', clientId: 'x' }])).toEqual([1]);
    expect(
      await outbox.append(id, [
        { from: 'bot', text: 'b', choices: [{ label: 'Yes', value: 'yes' }] },
        { from: 'bot', cards: [{ title: 'T', body: ['p'] }] },
      ]),
    ).toEqual([2, 3]);
    expect(await outbox.read(id, 0)).toEqual([
      { seq: 1, from: 'user', text: 'a', clientId: 'x' },
      { seq: 2, from: 'bot', text: 'b', choices: [{ label: 'Yes', value: 'yes' }] },
      { seq: 3, from: 'bot', cards: [{ title: 'T', body: ['p'] }] },
    ]);
    expect((await outbox.read(id, 2)).map((m) => m.seq)).toEqual([3]);
    expect(await outbox.read(id, 3)).toEqual([]);
    expect(await outbox.read(id, 99)).toEqual([]);
  });

  test('keeps only the newest messages', async () => {
    const id = newSessionId();
    await outbox.open(id, {});
    for (let i = 1; i <= 8; i++) await outbox.append(id, [{ from: 'bot', text: `m${i}` }]);
    expect((await outbox.read(id, 0)).map((m) => m.seq)).toEqual([4, 5, 6, 7, 8]);
    expect((await outbox.read(id, 6)).map((m) => m.text)).toEqual(['m7', 'm8']);
  });

  test('drops messages for a session it does not know', async () => {
    const id = newSessionId();
    expect(await outbox.append(id, [{ from: 'bot', text: 'lost' }])).toEqual([]);
    expect(await outbox.read(id, 0)).toEqual([]);
  });

  test('lets the first contact through once', async () => {
    const id = newSessionId();
    expect(await outbox.claimStart(id)).toBe(false);
    await outbox.open(id, {});
    const claims = await Promise.all([outbox.claimStart(id), outbox.claimStart(id)]);
    expect(claims.sort()).toEqual([false, true]);
  });

  test('counts incoming messages per session within a window', async () => {
    const a = newSessionId();
    const b = newSessionId();
    await outbox.open(a, {});
    await outbox.open(b, {});
    expect(await outbox.countIncoming(a, 60_000)).toBe(1);
    expect(await outbox.countIncoming(a, 60_000)).toBe(2);
    expect(await outbox.countIncoming(b, 60_000)).toBe(1);
  });

  test('wakes a waiting read when a message arrives', async () => {
    const id = newSessionId();
    await outbox.open(id, {});
    const waiting = outbox.read(id, 0, { waitMs: 30_000 });
    await outbox.append(id, [{ from: 'bot', text: 'hello' }]);
    expect((await waiting).map((m) => m.text)).toEqual(['hello']);
  });

  test('a waiting read ends empty when aborted or when the outbox closes', async () => {
    const id = newSessionId();
    await outbox.open(id, {});
    const controller = new AbortController();
    const aborted = outbox.read(id, 0, { waitMs: 30_000, signal: controller.signal });
    controller.abort();
    expect(await aborted).toEqual([]);
    const closing = outbox.read(id, 0, { waitMs: 30_000 });
    await outbox.close();
    expect(await closing).toEqual([]);
  });
});

describe('memory web-chat outbox expiry', () => {
  test('forgets a session left unused for its time to live; use keeps it alive', async () => {
    const clock = new ManualClock('2024-01-16T15:00:00+09:00');
    const outbox = new MemoryWebChatOutbox({ clock, ttlSeconds: 3600 });
    const kept = newSessionId();
    const left = newSessionId();
    await outbox.open(kept, {});
    await outbox.open(left, {});
    clock.advance({ minutes: 50 });
    expect(await outbox.find(kept)).toEqual({});
    clock.advance({ minutes: 50 });
    expect(await outbox.find(kept)).toEqual({});
    expect(await outbox.find(left)).toBeUndefined();
    expect(await outbox.append(left, [{ from: 'bot', text: 'late' }])).toEqual([]);
  });

  test('drops the oldest sessions beyond its capacity', async () => {
    const outbox = new MemoryWebChatOutbox({ maxSessions: 2 });
    const ids = [newSessionId(), newSessionId(), newSessionId()];
    for (const id of ids) await outbox.open(id, {});
    expect(await outbox.find(ids[0])).toBeUndefined();
    expect(await outbox.find(ids[2])).toEqual({});
  });

  test('a flood of new sessions pushes out abandoned sessions first, not one in use', async () => {
    const outbox = new MemoryWebChatOutbox({ maxSessions: 3 });
    const [inUse, abandoned] = [newSessionId(), newSessionId()];
    await outbox.open(inUse, { locale: 'ja-JP' });
    await outbox.open(abandoned, {});
    for (let i = 0; i < 10; i++) {
      await outbox.open(newSessionId(), {});
      // The student's page polls between the flood's requests, which keeps the session fresh.
      expect(await outbox.find(inUse)).toEqual({ locale: 'ja-JP' });
    }
    expect(await outbox.find(abandoned)).toBeUndefined();
  });
});

describe.each(REDIS)('web-chat outbox on $name shared by two instances', ({ connect }) => {
  let redis: TestRedis;
  let second: RedisClient;
  let a: RedisWebChatOutbox;
  let b: RedisWebChatOutbox;

  beforeEach(async () => {
    redis = await connect();
    second = redis.connect();
    a = new RedisWebChatOutbox(redis.redis, redis.keys, { ttlSeconds: 600 });
    b = new RedisWebChatOutbox(second, redis.keys, { ttlSeconds: 600 });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    second.disconnect();
    await redis.cleanup();
  });

  test('a read waiting on one instance is woken by an append on the other', async () => {
    const id = newSessionId();
    await a.open(id, { locale: 'ja' });
    expect(await b.find(id)).toEqual({ locale: 'ja' });
    const waiting = b.read(id, 0, { waitMs: 30_000 });
    await a.append(id, [{ from: 'bot', text: 'from A' }]);
    expect((await waiting).map((m) => m.text)).toEqual(['from A']);
  });

  test('concurrent appends from both instances get distinct numbers in list order', async () => {
    const id = newSessionId();
    await a.open(id, {});
    const appends = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? a : b).append(id, [
        { from: 'bot', text: `${i}-1` },
        { from: 'bot', text: `${i}-2` },
      ]),
    );
    const seqs = (await Promise.all(appends)).flat();
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    const stored = await b.read(id, 0);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    // The two messages of one append stay next to each other.
    for (let i = 0; i < stored.length; i += 2) {
      expect(stored[i].text?.replace('-1', '')).toBe(stored[i + 1].text?.replace('-2', ''));
    }
  });

  test('every key of a session lives under the prefix and expires', async () => {
    const id = newSessionId();
    await a.open(id, {});
    await a.append(id, [{ from: 'bot', text: 'x' }]);
    await a.countIncoming(id, 10_000);
    const keys = [
      redis.keys.webChatSession(id),
      redis.keys.webChatOutbox(id),
      redis.keys.webChatOutboxSeq(id),
      redis.keys.webChatRate(id),
    ];
    for (const key of keys) {
      expect(key.startsWith(redis.prefix)).toBe(true);
      const ttl = await redis.redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(600_000);
    }
  });
});
