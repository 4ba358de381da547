import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import Redis, { Cluster } from 'ioredis';
import { batchWrites, batchedGet } from '../../src/storage/batchedWrites';
import { connectRedis, type RedisClient } from '../../src/storage/redisConnection';
import { TEST_REDIS_URL, commandCalls, deleteByPrefix, seedNode } from '../support/redis';
import { useRedisCluster } from '../support/redisCluster';
import { startRedisServer } from '../support/redisServer';
import { testKeyPair } from '../support/samlTestIdp';

/**
 * The service's connection writes the commands of one tick to its socket at once (issue 17),
 * without ioredis's auto-pipelining: these check that it does, and that every command is still
 * answered as if sent alone, on one server, across a restart and on a cluster.
 */

/** Counts the socket writes (system calls handed to libuv) of `redis`'s current connection. */
function countWrites(redis: Redis): { count(): number } {
  const socket = redis.stream as Socket & {
    _write: (...args: unknown[]) => unknown;
    _writev: (...args: unknown[]) => unknown;
  };
  let writes = 0;
  const write = socket._write;
  const writev = socket._writev;
  socket._write = function countedWrite(...args) {
    writes += 1;
    return write.apply(this, args);
  };
  socket._writev = function countedWritev(...args) {
    writes += 1;
    return writev.apply(this, args);
  };
  return { count: () => writes };
}

const COUNTER_LUA = "return redis.call('INCRBY', KEYS[1], ARGV[1])";

interface Counter {
  addTo(key: string, by: number): Promise<number>;
}
type WithCounter = Redis & Counter;

function withCounter<C extends RedisClient>(redis: C): C & Counter {
  redis.defineCommand('addTo', { numberOfKeys: 1, lua: COUNTER_LUA });
  return redis as C & Counter;
}

async function ready(redis: RedisClient): Promise<void> {
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
}

describe('the service connection: one socket write per tick', () => {
  let prefix: string;
  const opened: RedisClient[] = [];
  const open = async (url = TEST_REDIS_URL): Promise<WithCounter> => {
    const redis = withCounter(connectRedis({ mode: 'single', url, keyPrefix: prefix }) as Redis);
    opened.push(redis);
    await ready(redis);
    return redis;
  };

  beforeEach(() => {
    prefix = `test:${randomBytes(6).toString('hex')}:ticks:`;
  });
  afterEach(async () => {
    const cleaner = new Redis(TEST_REDIS_URL);
    await deleteByPrefix(cleaner, prefix);
    cleaner.disconnect();
    for (const redis of opened.splice(0)) redis.disconnect();
  });

  it('sends 40 commands of one tick (SET, GET, a script, a bad one) in one write, each answered as alone', async () => {
    const redis = await open();
    await redis.set(`${prefix}list`, 'not a number');
    const writes = countWrites(redis);

    const sets = Array.from({ length: 10 }, (_, i) => redis.set(`${prefix}k${i}`, `v${i}`));
    const gets = Array.from({ length: 10 }, (_, i) => redis.get(`${prefix}k${i}`));
    const adds = Array.from({ length: 19 }, () => redis.addTo(`${prefix}count`, 2));
    const wrong = redis.incr(`${prefix}list`);

    expect(await Promise.all(sets)).toEqual(Array(10).fill('OK'));
    expect(await Promise.all(gets)).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));
    // In the order issued: a script's INCRBY sees the ones before it.
    expect(await Promise.all(adds)).toEqual(Array.from({ length: 19 }, (_, i) => 2 * (i + 1)));
    await expect(wrong).rejects.toThrow(/not an integer/);
    expect(writes.count()).toBe(1);
  });

  it('sends the commands of ten callbacks of one event-loop phase in one write, not one per callback', async () => {
    const redis = await open();
    const writes = countWrites(redis);
    // Each setImmediate callback is a tick of its own, as each answer from Redis or each webhook
    // request is: uncorking at the end of a tick would write ten times.
    const answers = await new Promise<Promise<string | null>[]>((resolve) => {
      const issued: Promise<string | null>[] = [];
      for (let i = 0; i < 10; i += 1) {
        setImmediate(() => {
          issued.push(redis.set(`${prefix}phase${i}`, String(i)));
          if (issued.length === 10) resolve(issued);
        });
      }
    });
    expect(await Promise.all(answers)).toEqual(Array(10).fill('OK'));
    expect(writes.count()).toBe(1);
  });

  it('writes each await step of concurrent turns together, and a plain ioredis client once per command', async () => {
    const redis = await open();
    const plain = withCounter(new Redis(TEST_REDIS_URL));
    opened.push(plain);
    await ready(plain);
    const turn = async (client: WithCounter, student: number): Promise<string | null> => {
      await client.set(`${prefix}state:${student}`, JSON.stringify({ student }));
      await client.addTo(`${prefix}turns`, 1);
      return client.get(`${prefix}state:${student}`);
    };
    const batched = countWrites(redis);
    const states = await Promise.all(Array.from({ length: 25 }, (_, i) => turn(redis, i)));
    const batchedWrites = batched.count();
    const unbatched = countWrites(plain);
    await Promise.all(Array.from({ length: 25 }, (_, i) => turn(plain, i)));
    const unbatchedWrites = unbatched.count();

    expect(states).toEqual(Array.from({ length: 25 }, (_, i) => JSON.stringify({ student: i })));
    expect(await redis.get(`${prefix}turns`)).toBe('50');
    // 25 turns of 3 steps: one write per step when the answers to a step arrive together, a few
    // more when they arrive in several reads; 75, one per command, without batching.
    expect(batchedWrites).toBeGreaterThanOrEqual(3);
    expect(batchedWrites).toBeLessThanOrEqual(9);
    expect(unbatchedWrites).toBeGreaterThan(25);
  });

  it('runs a script again after SCRIPT FLUSH (EVALSHA refused, EVAL sent) within a batch', async () => {
    // A private server: flushing the shared one's scripts would make other tests' clients resend.
    const server = await startRedisServer();
    try {
      const redis = await open(server.url);
      expect(await redis.addTo(`${prefix}count`, 1)).toBe(1);
      const admin = new Redis(server.url);
      opened.push(admin);
      await admin.script('FLUSH');
      const writes = countWrites(redis);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => redis.addTo(`${prefix}count`, 1)),
      );
      expect(results).toEqual([2, 3, 4, 5, 6]);
      // The EVALSHAs in one write; the EVALs that replace them after NOSCRIPT in one more.
      expect(writes.count()).toBe(2);
    } finally {
      for (const redis of opened.splice(0)) redis.disconnect();
      await server.dispose();
    }
  });

  it('keeps batching on the new socket after Redis restarts, and sends what waited for it', async () => {
    const server = await startRedisServer();
    try {
      const redis = await open(server.url);
      await redis.set(`${prefix}before`, '1');
      const firstSocket = redis.stream;
      await server.restart();
      // Issued while the connection is down or coming back: queued, then sent once it is ready.
      const waited = redis.get(`${prefix}before`);
      await expect(waited).resolves.toBeNull(); // the private server keeps nothing across restart
      await ready(redis);
      expect(redis.stream).not.toBe(firstSocket);

      const writes = countWrites(redis);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => redis.set(`${prefix}after${i}`, String(i))),
      );
      expect(answers).toEqual(Array(20).fill('OK'));
      expect(writes.count()).toBe(1);
      expect(await redis.mget(Array.from({ length: 20 }, (_, i) => `${prefix}after${i}`))).toEqual(
        Array.from({ length: 20 }, (_, i) => String(i)),
      );
    } finally {
      for (const redis of opened.splice(0)) redis.disconnect();
      await server.dispose();
    }
  }, 30_000);
  it('batches a TLS connection (rediss:) alike: 20 commands of one tick in one write', async () => {
    const { key, cert } = await testKeyPair('127.0.0.1');
    const server = await startRedisServer({ tls: { cert, key } });
    try {
      // The certificate is the test's own: trusted by its CA, its name not checked (an IP).
      const redis = withCounter(
        new Redis({
          host: '127.0.0.1',
          port: server.port,
          tls: { ca: cert, checkServerIdentity: () => undefined },
        }),
      );
      batchWrites(redis);
      opened.push(redis);
      await ready(redis);
      expect(redis.stream).toBeInstanceOf(TLSSocket);
      const writes = countWrites(redis);
      const sets = Array.from({ length: 19 }, (_, i) => redis.set(`${prefix}tls${i}`, String(i)));
      const added = redis.addTo(`${prefix}tlsCount`, 5);
      expect(await Promise.all(sets)).toEqual(Array(19).fill('OK'));
      expect(await added).toBe(5);
      // The 19 SETs and the script in one write (sent as EVAL: new to this connection). Without
      // batching, two: a TLS socket holds what comes while its first write is under way.
      expect(writes.count()).toBe(1);
      expect(await redis.get(`${prefix}tls18`)).toBe('18');
    } finally {
      for (const redis of opened.splice(0)) redis.disconnect();
      await server.dispose();
    }
  }, 30_000);
});

describe('batchedGet: the reads of one tick in one MGET', () => {
  let server: Awaited<ReturnType<typeof startRedisServer>>;
  let admin: Redis;
  const opened: Redis[] = [];
  const open = async (url = server.url): Promise<Redis> => {
    const redis = connectRedis({ mode: 'single', url, keyPrefix: '' }) as Redis;
    opened.push(redis);
    await ready(redis);
    return redis;
  };

  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url);
  }, 30_000);
  afterEach(() => {
    for (const redis of opened.splice(0)) redis.disconnect();
  });
  afterAll(async () => {
    admin.disconnect();
    await server.dispose();
  });

  it('answers 20 reads of one tick, some in later promise jobs, with one MGET and no GET', async () => {
    const redis = await open();
    await admin.mset(...Array.from({ length: 18 }, (_, i) => [`k${i}`, `v${i}`]).flat());
    await admin.config('RESETSTAT');

    const first = Array.from({ length: 10 }, (_, i) => batchedGet(redis, `k${i}`));
    // Reads a turn makes after awaiting something already settled (its state key, say).
    const later = Array.from({ length: 10 }, (_, i) =>
      Promise.resolve()
        .then(() => undefined)
        .then(() => batchedGet(redis, `k${i + 10}`)),
    );

    expect(await Promise.all([...first, ...later])).toEqual(
      Array.from({ length: 20 }, (_, i) => (i < 18 ? `v${i}` : null)),
    );
    const calls = await commandCalls(admin);
    expect(calls.mget).toBe(1);
    expect(calls.get).toBeUndefined();
  });

  it('keeps the order of commands: a read issued before a SET of the same tick sees the old value', async () => {
    const redis = await open();
    await admin.set('order', 'old');
    await admin.config('RESETSTAT');

    const before = batchedGet(redis, 'order');
    const set = redis.set('order', 'new');
    const after = batchedGet(redis, 'order');

    expect(await Promise.all([before, set, after])).toEqual(['old', 'OK', 'new']);
    // The held read went out (as an MGET) just before the SET; the one after it in the next one.
    expect((await commandCalls(admin)).mget).toBe(2);
  });

  it('fails every read of a batch with the error of its MGET, and the connection goes on', async () => {
    await admin.call('ACL', 'SETUSER', 'nomget', 'on', '>secret', '~*', '+@all', '-mget');
    const redis = await open(server.url.replace('redis://', 'redis://nomget:secret@'));

    const reads = [batchedGet(redis, 'a'), batchedGet(redis, 'b')];

    for (const read of reads) await expect(read).rejects.toThrow(/NOPERM/);
    expect(await redis.set('c', '1')).toBe('OK');
  });

  it('reads a key of another type as missing (MGET answers nil where GET fails with WRONGTYPE)', async () => {
    const redis = await open();
    await admin.hset('hash', 'field', 'value');
    await admin.set('text', 'value');

    expect(await Promise.all([batchedGet(redis, 'hash'), batchedGet(redis, 'text')])).toEqual([
      null,
      'value',
    ]);
    await expect(redis.get('hash')).rejects.toThrow(/WRONGTYPE/);
  });

  it('leaves a connection that does not batch its writes to plain GETs', async () => {
    const plain = new Redis(server.url);
    opened.push(plain);
    await admin.set('plain', 'yes');
    await admin.config('RESETSTAT');

    expect(await Promise.all([batchedGet(plain, 'plain'), batchedGet(plain, 'none')])).toEqual([
      'yes',
      null,
    ]);
    const calls = await commandCalls(admin);
    expect(calls.get).toBe(2);
    expect(calls.mget).toBeUndefined();
  });
});

describe('the service connection to a Redis Cluster: one write per node and tick', () => {
  const cluster = useRedisCluster();

  it('sends scripts and commands for keys of every slot in one tick, each answered, one write per master', async () => {
    const prefix = `test:${randomBytes(6).toString('hex')}:ticks:`;
    const redis = withCounter(
      connectRedis({ mode: 'cluster', nodes: cluster().nodes.map(seedNode), keyPrefix: prefix }),
    ) as Cluster & Counter;
    try {
      await ready(redis);
      // Warm every master's connection (and script cache) so that the counted tick only writes.
      const keys = Array.from({ length: 60 }, (_, i) => `${prefix}{student${i}}:count`);
      await Promise.all(keys.map((key) => redis.addTo(key, 0)));
      const masters = redis.nodes('master');
      expect(masters).toHaveLength(3);
      const writes = masters.map((master) => countWrites(master));

      // The same script on keys of many slots at once: what auto-pipelining fails as cross-slot
      // on a cluster (redis/ioredis#2109).
      const added = await Promise.all(keys.map((key, i) => redis.addTo(key, i)));
      const read = await Promise.all(keys.map((key) => redis.get(key)));

      expect(added).toEqual(keys.map((_, i) => i));
      expect(read).toEqual(keys.map((_, i) => String(i)));
      // Two ticks (the scripts, then the GETs), each one write on each master.
      expect(writes.map((w) => w.count())).toEqual([2, 2, 2]);
      // Keys of every slot read at once: a cluster GETs each (an MGET would be cross-slot).
      expect(await Promise.all(keys.map((key) => batchedGet(redis, key)))).toEqual(read);
    } finally {
      for (const master of redis.nodes('master')) await deleteByPrefix(master, prefix);
      redis.disconnect();
    }
  }, 60_000);
});
