import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import Redis from 'ioredis';
import { connectRedis } from '../../src/storage/redisConnection';
import { RedisKeys } from '../../src/storage/redisKeys';
import { RedisStorage } from '../../src/storage/redisStorage';
import { UnreadableStorageItemError } from '../../src/storage/errors';
import { redisTargets } from '../support/redisTargets';
import { commandCalls, testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';
import { startRedisServer } from '../support/redisServer';

interface StorageUnderTest {
  storage: Storage;
  cleanup(): Promise<void>;
}

/** The conflict error MemoryStorage itself throws: the reference both stores must match. */
async function memoryStorageConflictMessage(key: string): Promise<string> {
  const reference = new MemoryStorage();
  await reference.write({ [key]: { n: 1 } });
  await reference.write({ [key]: { n: 2 } });
  const error = await reference.write({ [key]: { n: 3, eTag: 'stale' } }).catch((e: Error) => e);
  return (error as Error).message;
}

async function conflictOf(write: Promise<void>): Promise<Error> {
  const outcome = await write.then(
    () => undefined,
    (e: Error) => e,
  );
  if (!outcome) throw new Error('expected the write to be refused with an eTag conflict');
  return outcome;
}

const REDIS = redisTargets();

const factories: [string, () => Promise<StorageUnderTest>][] = [
  ['MemoryStorage', async () => ({ storage: new MemoryStorage(), cleanup: async () => undefined })],
  ...REDIS.map(({ name, connect }): [string, () => Promise<StorageUnderTest>] => [
    name,
    async () => {
      const redis = await connect();
      return { storage: new RedisStorage(redis.redis, redis.keys), cleanup: redis.cleanup };
    },
  ]),
];

describe.each(factories)('Storage contract: %s', (_name, create) => {
  let subject: StorageUnderTest;
  let storage: Storage;

  beforeEach(async () => {
    subject = await create();
    storage = subject.storage;
  });
  afterEach(() => subject.cleanup());

  it('returns nothing for a missing key, and nothing for no keys', async () => {
    expect(await storage.read(['missing'])).toEqual({});
    expect(await storage.read([])).toEqual({});
  });

  it('creates an item that did not exist and returns it with an eTag', async () => {
    await storage.write({ conv: { dialogStack: [{ id: 'main' }], text: '日本語 ok' } });
    const { conv } = await storage.read(['conv']);
    expect(conv).toMatchObject({ dialogStack: [{ id: 'main' }], text: '日本語 ok' });
    expect(typeof conv.eTag).toBe('string');
    expect(conv.eTag.length).toBeGreaterThan(0);
  });

  it('creates a missing item even when the write carries an eTag (MemoryStorage rule)', async () => {
    await storage.write({ conv: { n: 1, eTag: 'never-seen' } });
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 1 });
  });

  it('gives every write a fresh eTag and does not change the caller object', async () => {
    const item = { n: 1 };
    await storage.write({ conv: item });
    const first = (await storage.read(['conv'])).conv.eTag;
    await storage.write({ conv: { n: 2 } });
    const second = (await storage.read(['conv'])).conv.eTag;
    expect(second).not.toBe(first);
    expect(item).toEqual({ n: 1 });
  });

  it('writes with the current eTag (compare-and-set success)', async () => {
    await storage.write({ conv: { n: 1 } });
    const { conv } = await storage.read(['conv']);
    await storage.write({ conv: { ...conv, n: 2 } });
    const after = (await storage.read(['conv'])).conv;
    expect(after.n).toBe(2);
    expect(after.eTag).not.toBe(conv.eTag);
  });

  it('refuses a stale eTag with MemoryStorage’s exact message and keeps the newer item', async () => {
    await storage.write({ conv: { n: 1 } });
    const stale = (await storage.read(['conv'])).conv;
    await storage.write({ conv: { ...stale, n: 2 } });
    const error = await conflictOf(storage.write({ conv: { ...stale, n: 3 } }));
    expect(error.message).toBe(await memoryStorageConflictMessage('conv'));
    expect((await storage.read(['conv'])).conv.n).toBe(2);
  });

  it("overwrites whatever is stored when the eTag is '*' or absent", async () => {
    await storage.write({ conv: { n: 1 } });
    await storage.write({ conv: { n: 2, eTag: '*' } });
    expect((await storage.read(['conv'])).conv.n).toBe(2);
    await storage.write({ conv: { n: 3 } });
    expect((await storage.read(['conv'])).conv.n).toBe(3);
  });

  it('deletes items, and deleting a missing item is not an error', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    await storage.delete(['a', 'never-written']);
    await storage.delete(['a']);
    expect(await storage.read(['a', 'b'])).toEqual({ b: expect.objectContaining({ n: 2 }) });
  });

  it('reads several keys at once, leaving out the missing ones', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 2 }, c: { n: 3 } });
    const items = await storage.read(['a', 'missing', 'c', 'b']);
    expect(Object.keys(items).sort()).toEqual(['a', 'b', 'c']);
    expect([items.a.n, items.b.n, items.c.n]).toEqual([1, 2, 3]);
  });

  it('writes the other items of a call when one of them conflicts, then rejects', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 1 } });
    const error = await conflictOf(
      storage.write({ a: { n: 2, eTag: 'stale' }, b: { n: 2 }, c: { n: 2 } }),
    );
    expect(error.message).toBe(await memoryStorageConflictMessage('a'));
    const items = await storage.read(['a', 'b', 'c']);
    expect([items.a.n, items.b.n, items.c.n]).toEqual([1, 2, 2]);
  });

  it('lets exactly one of many concurrent compare-and-set writers win', async () => {
    await storage.write({ conv: { writer: -1 } });
    const { conv } = await storage.read(['conv']);
    const writers = Array.from({ length: 12 }, (_, writer) =>
      storage.write({ conv: { ...conv, writer } }).then(
        () => 'won',
        (e: Error) => e.message,
      ),
    );
    const outcomes = await Promise.all(writers);
    const winners = outcomes.flatMap((outcome, writer) => (outcome === 'won' ? [writer] : []));
    expect(winners).toHaveLength(1);
    const conflict = await memoryStorageConflictMessage('conv');
    expect(outcomes.filter((o) => o !== 'won')).toEqual(Array(11).fill(conflict));
    expect((await storage.read(['conv'])).conv.writer).toBe(winners[0]);
  });
});

describe('RedisStorage on Redis', () => {
  let test: TestRedis;
  beforeEach(async () => (test = await testRedis()));
  afterEach(() => test.cleanup());

  it('stores each item as JSON under the key built by RedisKeys, and nothing else', async () => {
    const server = await startRedisServer();
    const redis = new Redis(server.url);
    try {
      const keys = new RedisKeys('tenant-a:');
      const storage = new RedisStorage(redis, keys);
      await storage.write({ 'line/conversations/U1': { n: 1 }, 'line/users/U1': { n: 2 } });
      await storage.delete(['gone']);
      expect((await redis.keys('*')).sort()).toEqual([
        'tenant-a:state:line/conversations/U1',
        'tenant-a:state:line/users/U1',
      ]);
      const raw = JSON.parse((await redis.get('tenant-a:state:line/users/U1')) ?? '');
      expect(raw).toEqual({ eTag: expect.any(String), n: 2 });
    } finally {
      redis.disconnect();
      await server.dispose();
    }
  });

  it('reads the conversation and user states of turns running together with one MGET on the service connection', async () => {
    const server = await startRedisServer();
    const redis = connectRedis({ mode: 'single', url: server.url, keyPrefix: '' }) as Redis;
    const admin = new Redis(server.url);
    try {
      // As the service builds them: two stores (conversations expire, users do not), one connection.
      const keys = new RedisKeys('certbot:');
      const conversations = new RedisStorage(redis, keys, { ttlSeconds: 600 });
      const users = new RedisStorage(redis, keys);
      const students = ['U1', 'U2', 'U3', 'U4', 'U5'];
      for (const id of students) {
        await conversations.write({ [`line/conversations/${id}/`]: { step: id } });
        if (id !== 'U5') await users.write({ [`line/users/${id}/`]: { language: 'ja' } });
      }
      await admin.config('RESETSTAT');

      const turns = await Promise.all(
        students.map((id) =>
          Promise.all([
            conversations.read([`line/conversations/${id}/`]),
            users.read([`line/users/${id}/`]),
          ]),
        ),
      );

      expect(
        turns.map(([c, u]) => [Object.values(c)[0]?.step, Object.values(u)[0]?.language]),
      ).toEqual([
        ['U1', 'ja'],
        ['U2', 'ja'],
        ['U3', 'ja'],
        ['U4', 'ja'],
        ['U5', undefined],
      ]);
      const calls = await commandCalls(admin);
      expect(calls.mget).toBe(1);
      expect(calls.get).toBeUndefined();
    } finally {
      redis.disconnect();
      admin.disconnect();
      await server.dispose();
    }
  });

  it('applies the TTL on write and refreshes it on every write', async () => {
    const storage = new RedisStorage(test.redis, test.keys, { ttlSeconds: 600 });
    await storage.write({ conv: { n: 1 } });
    const key = test.keys.storageItem('conv');
    const ttl = await test.redis.ttl(key);
    expect(ttl).toBeGreaterThan(500);
    expect(ttl).toBeLessThanOrEqual(600);
    await test.redis.expire(key, 5);
    await storage.write({ conv: { n: 2 } });
    expect(await test.redis.ttl(key)).toBeGreaterThan(500);
    // A compare-and-set write (an eTag given) refreshes it too.
    await test.redis.expire(key, 5);
    const { conv } = await storage.read(['conv']);
    await storage.write({ conv: { ...conv, n: 3 } });
    expect(await test.redis.ttl(key)).toBeGreaterThan(500);
    // A read does not count as activity.
    await test.redis.expire(key, 5);
    await storage.read(['conv']);
    expect(await test.redis.ttl(key)).toBeLessThanOrEqual(5);
  });

  it('keeps items forever without a TTL', async () => {
    await new RedisStorage(test.redis, test.keys).write({ conv: { n: 1 } });
    expect(await test.redis.ttl(test.keys.storageItem('conv'))).toBe(-1);
  });

  it('shares items and conflicts between two instances on two connections', async () => {
    const other = new Redis(TEST_REDIS_URL);
    try {
      const a = new RedisStorage(test.redis, test.keys);
      const b = new RedisStorage(other, new RedisKeys(test.prefix));
      await a.write({ conv: { by: 'a' } });
      const seenByB = (await b.read(['conv'])).conv;
      expect(seenByB.by).toBe('a');
      const seenByA = (await a.read(['conv'])).conv;
      await b.write({ conv: { ...seenByB, by: 'b' } });
      const error = await conflictOf(a.write({ conv: { ...seenByA, by: 'a again' } }));
      expect(error.message).toBe(await memoryStorageConflictMessage('conv'));
      expect((await a.read(['conv'])).conv.by).toBe('b');

      const fresh = (await a.read(['conv'])).conv;
      const race = await Promise.allSettled(
        [a, b, a, b].map((s, i) => s.write({ conv: { ...fresh, by: `racer ${i}` } })),
      );
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    } finally {
      other.disconnect();
    }
  });

  it('refuses to read an item that is not a JSON object, naming the key', async () => {
    const storage = new RedisStorage(test.redis, test.keys);
    await test.redis.set(test.keys.storageItem('broken'), '{"eTag":"1", not json');
    await test.redis.set(test.keys.storageItem('list'), '[1,2]');
    const error = await storage.read(['broken']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableStorageItemError);
    expect(error).toMatchObject({ name: 'UnreadableStorageItemError', key: 'broken' });
    await expect(storage.read(['list'])).rejects.toMatchObject({ key: 'list' });
    // A write replaces the unreadable item, as it would after staff repair the state by hand.
    await storage.write({ broken: { n: 1 } });
    expect((await storage.read(['broken'])).broken.n).toBe(1);
  });

  it('treats an eTag write over an item it cannot read as a conflict', async () => {
    const storage = new RedisStorage(test.redis, test.keys);
    await test.redis.set(test.keys.storageItem('conv'), 'garbage');
    await expect(storage.write({ conv: { eTag: 'x' } } as StoreItems)).rejects.toThrow(
      await memoryStorageConflictMessage('conv'),
    );
    expect(await test.redis.get(test.keys.storageItem('conv'))).toBe('garbage');
  });
});
