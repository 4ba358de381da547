import type Redis from 'ioredis';
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

// Limit and issue in one step, so that concurrent resends cannot exceed the limit. The token
// becomes the student's "current" one: a token is usable only while it is current, which
// retires every earlier link without having to find it.
// KEYS: sends, current, token. ARGV: now, window, max, hash, data, expiresAtMs, ttlMs.
const ISSUE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[3], 'data', ARGV[5], 'state', 'pending', 'expiresAtMs', ARGV[6])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[7])
return 'issued'`;

// Check and mark in one step: of two clicks racing, exactly one sees 'valid'.
// KEYS: token, current. ARGV: hash, now.
const CONSUME = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'unknown' end
if state == 'used' then return 'used' end
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 'expired' end
if tonumber(redis.call('HGET', KEYS[1], 'expiresAtMs')) <= tonumber(ARGV[2]) then
  return 'expired'
end
redis.call('HSET', KEYS[1], 'state', 'used')
return 'valid'`;

type Status = EmailTokenLookup['status'];

/**
 * Tokens in Redis, shared by every instance: per token a hash (record as JSON, state, expiry)
 * under the token's SHA-256, per student the current token's hash and a sorted set of recent
 * send times. Keys expire a week after the link does, so an old link still reads "expired".
 */
export class RedisEmailTokenStore implements EmailTokenStore {
  constructor(
    private readonly redis: Pick<Redis, 'eval' | 'hget' | 'hgetall' | 'get'>,
    private readonly keys: RedisKeys,
  ) {}

  async issue(
    tokenHash: string,
    record: EmailTokenRecord,
    { nowMs, limit }: IssueOptions,
  ): Promise<IssueResult> {
    const expiresAtMs = Date.parse(record.expiresAt);
    const outcome = await this.redis.eval(
      ISSUE,
      3,
      this.keys.emailSends(record.studentId),
      this.keys.emailCurrentToken(record.studentId),
      this.keys.emailToken(tokenHash),
      nowMs,
      limit.windowMs,
      limit.max,
      tokenHash,
      JSON.stringify(record),
      expiresAtMs,
      Math.max(1, expiresAtMs - nowMs + EMAIL_TOKEN_RETAIN_MS),
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
    if (current !== tokenHash || Number(fields.expiresAtMs) <= nowMs) return { status: 'expired' };
    return { status: 'valid', record };
  }

  async consume(tokenHash: string, nowMs: number): Promise<EmailTokenLookup> {
    // The record never changes after issue, so reading it first (to learn whose token it is)
    // and deciding in the script is as safe as doing both there.
    const tokenKey = this.keys.emailToken(tokenHash);
    const record = parseRecord(await this.redis.hget(tokenKey, 'data'));
    if (!record) return { status: 'unknown' };
    const status = (await this.redis.eval(
      CONSUME,
      2,
      tokenKey,
      this.keys.emailCurrentToken(record.studentId),
      tokenHash,
      nowMs,
    )) as Status;
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
