import type { RedisClient } from '../storage/redisConnection';
import { isLanguage } from '../i18n/language';
import type { RedisKeys } from '../storage/redisKeys';
import {
  EMAIL_TOKEN_RETAIN_MS,
  type EmailTokenLookup,
  type EmailTokenRecord,
  type EmailTokenStore,
  type IssueOptions,
  type IssueResult,
} from './emailTokenStore';

// Limit and issue in one step on the student's slot, so that concurrent resends cannot exceed
// the limit. The token becomes the student's "current" one: a token is usable only while it is
// current, which retires every earlier link without having to find it.
// KEYS: sends, current. ARGV: now, window, max, hash, ttlMs.
const ISSUE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5])
return 'issued'`;

// Check and use in one step on the student's slot: of two clicks racing, exactly one sees
// 'valid'. A used token stays recorded there as `used:<hash>` (keeping the key's expiry) until
// a newer one is issued; the token's own hash records it for good, one step later.
// KEYS: current. ARGV: hash.
const CONSUME = `
local current = redis.call('GET', KEYS[1])
if current == 'used:' .. ARGV[1] then return 'used' end
if current ~= ARGV[1] then return 'expired' end
redis.call('SET', KEYS[1], 'used:' .. ARGV[1], 'KEEPTTL')
return 'valid'`;

type Status = EmailTokenLookup['status'];

/**
 * Tokens in Redis, shared by every instance: per token a hash (record as JSON, state, expiry)
 * under the token's SHA-256, per student the current token's hash and a sorted set of recent
 * send times. Keys expire a week after the link does, so an old link still reads "expired".
 *
 * The token's hash and the student's keys lie in different Cluster slots (a link names only the
 * token), so the decisions are made on the student's slot and the token's hash is written around
 * them: before issuing (a token that then is not issued is never current, so never usable), and
 * after use (until then the student's slot already answers "used").
 */
export class RedisEmailTokenStore implements EmailTokenStore {
  constructor(
    private readonly redis: Pick<RedisClient, 'eval' | 'multi' | 'hset' | 'hgetall' | 'get'>,
    private readonly keys: RedisKeys,
  ) {}

  async issue(
    tokenHash: string,
    record: EmailTokenRecord,
    { nowMs, limit }: IssueOptions,
  ): Promise<IssueResult> {
    const expiresAtMs = Date.parse(record.expiresAt);
    const ttlMs = Math.max(1, expiresAtMs - nowMs + EMAIL_TOKEN_RETAIN_MS);
    const tokenKey = this.keys.emailToken(tokenHash);
    await this.redis
      .multi()
      .hset(tokenKey, { data: JSON.stringify(record), state: 'pending', expiresAtMs })
      .pexpire(tokenKey, ttlMs)
      .exec();
    const outcome = await this.redis.eval(
      ISSUE,
      2,
      this.keys.emailSends(record.studentId),
      this.keys.emailCurrentToken(record.studentId),
      nowMs,
      limit.windowMs,
      limit.max,
      tokenHash,
      ttlMs,
    );
    if (outcome === 'issued') return { issued: true };
    return { issued: false, retryAtMs: Number(outcome) + limit.windowMs };
  }

  async inspect(tokenHash: string, nowMs: number): Promise<EmailTokenLookup> {
    const fields = await this.redis.hgetall(this.keys.emailToken(tokenHash));
    const record = parseRecord(fields.data);
    if (!record) return { status: 'unknown' };
    if (fields.state === 'used') return { status: 'used' };
    const current = await this.redis.get(this.keys.emailCurrentToken(record.studentId));
    if (current === `used:${tokenHash}`) return { status: 'used' };
    if (current !== tokenHash || Number(fields.expiresAtMs) <= nowMs) return { status: 'expired' };
    return { status: 'valid', record };
  }

  async consume(tokenHash: string, nowMs: number): Promise<EmailTokenLookup> {
    // The record never changes after issue, so reading it first (to learn whose token it is)
    // and deciding in the script is as safe as doing both there.
    const tokenKey = this.keys.emailToken(tokenHash);
    const fields = await this.redis.hgetall(tokenKey);
    const record = parseRecord(fields.data);
    if (!record) return { status: 'unknown' };
    if (fields.state === 'used') return { status: 'used' };
    // An expired link stays current (and unused) until the student asks for a new one.
    if (Number(fields.expiresAtMs) <= nowMs) {
      const current = await this.redis.get(this.keys.emailCurrentToken(record.studentId));
      return { status: current === `used:${tokenHash}` ? 'used' : 'expired' };
    }
    const status = (await this.redis.eval(
      CONSUME,
      1,
      this.keys.emailCurrentToken(record.studentId),
      tokenHash,
    )) as Status;
    if (status === 'valid') await this.redis.hset(tokenKey, 'state', 'used');
    return status === 'valid' ? { status, record } : { status };
  }
}

/** The stored record, or undefined when absent or not one we wrote (then nothing may use it). */
function parseRecord(data: string | null | undefined): EmailTokenRecord | undefined {
  if (!data) return undefined;
  let value: Partial<EmailTokenRecord>;
  try {
    value = JSON.parse(data) as Partial<EmailTokenRecord>;
  } catch {
    return undefined;
  }
  const { studentId, address, purpose, previousAddress, language, expiresAt } = value;
  if (
    typeof studentId !== 'string' ||
    typeof address !== 'string' ||
    (purpose !== 'register' && purpose !== 'change') ||
    !isLanguage(language) ||
    typeof expiresAt !== 'string' ||
    (previousAddress !== undefined && typeof previousAddress !== 'string')
  ) {
    return undefined;
  }
  return {
    studentId,
    address,
    purpose,
    language,
    expiresAt,
    ...(previousAddress ? { previousAddress } : {}),
  };
}
