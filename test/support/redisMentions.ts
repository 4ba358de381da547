import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '../../src/storage/redisConnection';

/**
 * The keys under `prefix` whose name or content mentions `needle` (strings, hashes, lists, sets
 * and sorted sets are read whole): how a test proves that nothing was stored about someone.
 */
export async function redisKeysMentioning(
  redis: RedisClient,
  prefix: string,
  needle: string,
): Promise<string[]> {
  // SCAN walks one server: on a cluster, each master in turn.
  const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const found: string[] = [];
  for (const server of servers) found.push(...(await mentioning(server, prefix, needle)));
  return found;
}

async function mentioning(redis: Redis, prefix: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      if (key.includes(needle) || (await contentOf(redis, key)).includes(needle)) found.push(key);
    }
  } while (cursor !== '0');
  return found;
}

async function contentOf(redis: Redis, key: string): Promise<string> {
  switch (await redis.type(key)) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, 0, -1));
    default:
      // A key gone in the meantime (or a stream, which the service does not use): name only.
      return '';
  }
}
