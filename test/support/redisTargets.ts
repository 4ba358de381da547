import { testRedis, type TestRedis } from './redis';
import { useRedisCluster } from './redisCluster';

/** One Redis a contract suite runs on: the shared single node, or the file's own cluster. */
export interface RedisTarget {
  name: 'redis' | 'redis cluster';
  /** A connection with a fresh key prefix, as {@link testRedis} gives. */
  connect(): Promise<TestRedis>;
}

/**
 * Every Redis a Redis contract suite must pass on: the shared single node and a local 3-master
 * cluster, started once for the test file (call this at the file's top level). A store whose
 * commands span two hash slots fails on the second with CROSSSLOT.
 */
export function redisTargets(): RedisTarget[] {
  const cluster = useRedisCluster();
  return [
    { name: 'redis', connect: () => testRedis() },
    { name: 'redis cluster', connect: () => testRedis(cluster()) },
  ];
}
