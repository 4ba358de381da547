import Redis from 'ioredis';

/** Opens the service's Redis connection; callers own it and must `quit()` it. */
export function connectRedis(url: string): Redis {
  return new Redis(url, {
    // Fail commands fast while Redis is away instead of queueing them without bound.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
}
