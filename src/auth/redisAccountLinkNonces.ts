import type { RedisClient } from '../storage/redisConnection';
import type { Clock } from '../platform/clock';
import type { RedisKeys } from '../storage/redisKeys';
import type { AccountLinkBinding, AccountLinkNonces } from './accountLinkNonces';
import { expiryFrom, hasExpired, LOGIN_TTL_SECONDS } from './expiry';
import { isRandomToken, randomToken, tokenHash } from './randomToken';

type NonceRedis = Pick<RedisClient, 'set' | 'getdel'>;

/**
 * The shared {@link AccountLinkNonces}: one JSON value per nonce under its hash, expiring with
 * it; `consume` is GETDEL, so a nonce replayed to another instance finds nothing.
 */
export class RedisAccountLinkNonces implements AccountLinkNonces {
  constructor(
    private readonly redis: NonceRedis,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    private readonly ttlSeconds = LOGIN_TTL_SECONDS,
  ) {}

  async issue(binding: AccountLinkBinding): Promise<string> {
    const nonce = randomToken();
    const value = { ...binding, expiresAt: expiryFrom(this.clock, this.ttlSeconds) };
    await this.redis.set(this.key(nonce), JSON.stringify(value), 'EX', this.ttlSeconds);
    return nonce;
  }

  async consume(nonce: string): Promise<AccountLinkBinding | undefined> {
    if (!isRandomToken(nonce)) return undefined;
    const raw = await this.redis.getdel(this.key(nonce));
    if (raw === null) return undefined;
    let stored: Partial<AccountLinkBinding & { expiresAt: string }>;
    try {
      stored = JSON.parse(raw);
    } catch {
      return undefined;
    }
    const { studentId, lineUserId, entry, displayName, expiresAt } = stored ?? {};
    if (typeof studentId !== 'string' || typeof lineUserId !== 'string') return undefined;
    if (!entry || entry.studentId !== studentId) return undefined;
    if (hasExpired(expiresAt, this.clock)) return undefined;
    return {
      studentId,
      lineUserId,
      entry,
      ...(typeof displayName === 'string' ? { displayName } : {}),
    };
  }

  private key(nonce: string): string {
    return this.keys.accountLinkNonce(tokenHash(nonce));
  }
}
