import type Redis from 'ioredis';

/** Every command Redis has run so far, from INFO commandstats (the INFO call not yet counted). */
export async function totalCommands(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/**
 * How many commands INFO commandstats counts for one EVAL that makes two `redis.call`s: 3 when
 * commands run inside Lua scripts are counted (Redis 7 does), 1 if only the EVAL were.
 */
export async function countedForScriptOfTwoCalls(redis: Redis, key: string): Promise<number> {
  const before = await totalCommands(redis);
  await redis.eval("redis.call('SET', KEYS[1], 'x'); return redis.call('GET', KEYS[1])", 1, key);
  // The first INFO is counted by the second one; leave it out.
  const counted = (await totalCommands(redis)) - before - 1;
  await redis.del(key);
  return counted;
}
