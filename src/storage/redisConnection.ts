import Redis, { Cluster, type RedisOptions } from 'ioredis';
import type { RedisSettings } from './redisSettings';
import { batchWrites, batchWritesOnNodes } from './batchedWrites';

/**
 * The service's Redis connection: one server or a cluster. Stores take either, so every command
 * they send must name keys of one hash slot (see `RedisKeys`); a cluster answers CROSSSLOT
 * otherwise.
 */
export type RedisClient = Redis | Cluster;

/**
 * While Redis is away, try to reconnect at least every second (ioredis' default backs off to 2 s),
 * so that the turns waiting for it run within about two seconds of its return.
 */
const reconnectDelay = (attempt: number): number => Math.min(attempt * 50, 1_000);

/** Fail commands fast while Redis is away instead of queueing them without bound. */
const COMMAND_OPTIONS: RedisOptions = {
  maxRetriesPerRequest: 2,
  enableOfflineQueue: true,
  retryStrategy: reconnectDelay,
};

/** Opens the service's Redis connection; callers own it and must `quit()` it. */
export function connectRedis(settings: RedisSettings): RedisClient {
  // Commands issued in one turn of the event loop (many students' turns at once) go out in one
  // socket write: issue 17's profile showed a write per command costing 15 % of a LINE turn's CPU.
  // By corking the socket (see batchWrites), not with ioredis's auto-pipelining, which costs more
  // CPU per command and, on a cluster, groups an EVALSHA by its script's hash instead of its key
  // and fails it as cross-slot (redis/ioredis#2109).
  if (settings.mode === 'single') {
    const redis = new Redis(settings.url, { ...COMMAND_OPTIONS, lazyConnect: false });
    batchWrites(redis);
    return redis;
  }
  const cluster = new Cluster(settings.nodes, {
    enableOfflineQueue: true,
    clusterRetryStrategy: reconnectDelay,
    redisOptions: { ...COMMAND_OPTIONS, ...credentialsOf(settings.url) },
  });
  batchWritesOnNodes(cluster);
  return cluster;
}

/** The user, password and TLS choice of a `REDIS_URL`, for every node of a cluster. */
function credentialsOf(url: string | undefined): RedisOptions {
  if (url === undefined) return {};
  const parsed = new URL(url);
  return {
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/** Whether a connection is a cluster client (the health check counts its masters). */
export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}
