import type { RedisClient } from '../storage/redisConnection';
import type { RedisKeys } from '../storage/redisKeys';
import { tokenHash } from './randomToken';
import { isSsoStateKey, type SsoState, type SsoStateStore } from './ssoStateStore';

/**
 * The shared {@link SsoStateStore}: one JSON value per key (stored under its SHA-256, as the
 * state is a bearer secret), expiring by Redis with a relative TTL; `take` is GETDEL, so of two
 * callbacks with one state only one gets it.
 */
export class RedisSsoStateStore implements SsoStateStore {
  constructor(
    private readonly redis: Pick<RedisClient, 'set' | 'getdel'>,
    private readonly keys: RedisKeys,
  ) {}

  async put(key: string, value: SsoState, ttlSeconds: number): Promise<void> {
    if (!isSsoStateKey(key)) throw new RangeError('SsoStateStore: unusable key.');
    await this.redis.set(this.key(key), JSON.stringify(value), 'EX', ttlSeconds);
  }

  async take(key: string): Promise<SsoState | undefined> {
    if (!isSsoStateKey(key)) return undefined;
    const raw = await this.redis.getdel(this.key(key));
    if (raw === null) return undefined;
    try {
      const value = JSON.parse(raw) as SsoState;
      return typeof value?.requestId === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private key(key: string): string {
    return this.keys.ssoState(tokenHash(key));
  }
}
