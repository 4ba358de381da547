import { randomBytes } from 'node:crypto';
import Redis, { Cluster } from 'ioredis';
import type { RedisClient } from '../../src/storage/redisConnection';
import { RedisKeys } from '../../src/storage/redisKeys';
import type { LocalRedisCluster } from './redisCluster';

/** The shared Redis of the machine (CI starts one when none answers). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export interface TestRedis {
  redis: RedisClient;
  keys: RedisKeys;
  prefix: string;
  /** The service's Redis variables for this Redis (single node or cluster), prefix included. */
  env: Record<string, string>;
  /** Another connection to the same Redis (a second instance's); the test closes it. */
  connect(): RedisClient;
  /** Deletes this test's keys (never anything else) and closes the connection. */
  cleanup(): Promise<void>;
}

/**
 * A connection with a random key prefix, so tests never see or delete each other's data: to the
 * shared single Redis, or to `cluster` (a test file's own, see `useRedisCluster`).
 */
export async function testRedis(cluster?: LocalRedisCluster): Promise<TestRedis> {
  const connect = (): RedisClient =>
    cluster
      ? new Cluster(cluster.nodes.map(seedNode), { redisOptions: { maxRetriesPerRequest: 2 } })
      : new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  const redis = connect();
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  const env: Record<string, string> = cluster
    ? { REDIS_CLUSTER_NODES: cluster.nodes.join(','), REDIS_KEY_PREFIX: prefix }
    : { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
  return {
    redis,
    keys: new RedisKeys(prefix),
    prefix,
    env,
    connect,
    cleanup: async () => {
      const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
      for (const node of nodes) await deleteByPrefix(node, prefix);
      redis.disconnect();
    },
  };
}

/**
 * Deletes every key under `prefix` on one server (a cluster's master included: keys are
 * deleted one by one, as one DEL of keys in different slots is refused there).
 */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (found.length > 0) await Promise.all(found.map((key) => redis.unlink(key)));
  } while (cursor !== '0');
}

/** `host:port` as ioredis' Cluster takes a seed node. */
export function seedNode(node: string): { host: string; port: number } {
  const [host, port] = node.split(':');
  return { host, port: Number(port) };
}

/** The keys matching `pattern` on every server (on a cluster, each master's SCAN). */
export async function keysMatching(redis: RedisClient, pattern: string): Promise<string[]> {
  const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const found: string[] = [];
  for (const server of servers) {
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found;
}

/** Calls of each command on `server` since its last CONFIG RESETSTAT (INFO commandstats). */
export async function commandCalls(server: Redis): Promise<Record<string, number>> {
  const calls: Record<string, number> = {};
  for (const [, name, count] of (await server.info('commandstats')).matchAll(
    /^cmdstat_([^:]+):calls=(\d+)/gm,
  )) {
    calls[name] = Number(count);
  }
  return calls;
}
