import type { RedisClient } from '../../storage/redisConnection';
import type { Clock } from '../../platform/clock';
import type { RedisKeys } from '../../storage/redisKeys';
import {
  IDEMPOTENCY_PENDING_SECONDS,
  IDEMPOTENCY_TTL_SECONDS,
  type IdempotencyClaim,
  type PushIdempotency,
} from './pushIdempotency';

// Expiry is judged by the injected clock (ARGV[2]), like every store here; Redis' own TTL only
// cleans up. A record the clock calls expired is replaced in the same script.
const CLAIM = `
local raw = redis.call('GET', KEYS[1])
if raw then
  local ok, held = pcall(cjson.decode, raw)
  if ok and type(held) == 'table' and tonumber(held.exp) and tonumber(held.exp) > tonumber(ARGV[2]) then
    return raw
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return false`;

interface Held {
  /** The request's fingerprint. */
  f: string;
  /** The push, once started. */
  p?: string;
  /** Expiry, epoch ms. */
  exp: number;
}

type IdempotencyRedis = Pick<RedisClient, 'eval' | 'set' | 'del'>;

/** The shared {@link PushIdempotency}: one small JSON value per key, claimed by a script. */
export class RedisPushIdempotency implements PushIdempotency {
  constructor(
    private readonly redis: IdempotencyRedis,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
  ) {}

  async claim(keyId: string, fingerprint: string): Promise<IdempotencyClaim> {
    const now = this.clock.now().toMillis();
    const pending: Held = { f: fingerprint, exp: now + IDEMPOTENCY_PENDING_SECONDS * 1000 };
    const raw = await this.redis.eval(
      CLAIM,
      1,
      this.keys.staffApiIdempotency(keyId),
      JSON.stringify(pending),
      now,
      IDEMPOTENCY_PENDING_SECONDS,
    );
    if (typeof raw !== 'string') return { kind: 'claimed' };
    const held = JSON.parse(raw) as Held;
    return typeof held.p === 'string'
      ? { kind: 'done', fingerprint: held.f, pushId: held.p }
      : { kind: 'pending', fingerprint: held.f };
  }

  async complete(keyId: string, fingerprint: string, pushId: string): Promise<void> {
    const exp = this.clock.now().toMillis() + IDEMPOTENCY_TTL_SECONDS * 1000;
    const held: Held = { f: fingerprint, p: pushId, exp };
    await this.redis.set(
      this.keys.staffApiIdempotency(keyId),
      JSON.stringify(held),
      'EX',
      IDEMPOTENCY_TTL_SECONDS,
    );
  }

  async release(keyId: string): Promise<void> {
    await this.redis.del(this.keys.staffApiIdempotency(keyId));
  }
}
