import type { RedisClient } from '../storage/redisConnection';
import type { Clock } from '../platform/clock';
import type { RedisKeys } from '../storage/redisKeys';
import { expiryFrom, hasExpired, LOGIN_TTL_SECONDS } from './expiry';
import type { LoginRequest, LoginRequestStore } from './loginRequest';
import { isRandomToken, randomToken, tokenHash } from './randomToken';

type LoginRequestRedis = Pick<RedisClient, 'set' | 'get' | 'getdel'>;

/**
 * The shared {@link LoginRequestStore}: one JSON value per request under the hash of its id,
 * expiring with it. `take` is GETDEL, so of two instances taking one request only one gets it.
 */
export class RedisLoginRequestStore implements LoginRequestStore {
  constructor(
    private readonly redis: LoginRequestRedis,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    private readonly ttlSeconds = LOGIN_TTL_SECONDS,
  ) {}

  async create(request: Omit<LoginRequest, 'id' | 'expiresAt'>): Promise<LoginRequest> {
    const created: LoginRequest = {
      ...request,
      id: randomToken(),
      expiresAt: expiryFrom(this.clock, this.ttlSeconds),
    };
    await this.redis.set(this.key(created.id), JSON.stringify(created), 'EX', this.ttlSeconds);
    return created;
  }

  async peek(id: string): Promise<LoginRequest | undefined> {
    if (!isRandomToken(id)) return undefined;
    return this.decode(id, await this.redis.get(this.key(id)));
  }

  async take(id: string): Promise<LoginRequest | undefined> {
    if (!isRandomToken(id)) return undefined;
    return this.decode(id, await this.redis.getdel(this.key(id)));
  }

  private key(id: string): string {
    return this.keys.loginRequest(tokenHash(id));
  }

  /** The stored request while valid; anything unreadable counts as no request at all. */
  private decode(id: string, raw: string | null): LoginRequest | undefined {
    if (raw === null) return undefined;
    let request: LoginRequest;
    try {
      request = JSON.parse(raw) as LoginRequest;
    } catch {
      return undefined;
    }
    if (request?.id !== id || typeof request.account?.accountId !== 'string') return undefined;
    return hasExpired(request.expiresAt, this.clock) ? undefined : request;
  }
}
