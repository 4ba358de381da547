import type { RedisClient } from '../../storage/redisConnection';
import { loggableError } from '../../http/loggableError';
import type { Logger } from '../../platform/logger';
import type { RedisKeys } from '../../storage/redisKeys';
import { sessionTag } from './sessionId';
import { SessionWaiters } from './sessionWaiters';
import type { WebChatDraft, WebChatMessage, WebChatSession } from './webChatMessage';
import {
  OUTBOX_MAX_MESSAGES,
  SESSION_TTL_SECONDS,
  type ReadOptions,
  type WebChatOutbox,
} from './webChatOutbox';

// Numbering and pushing happen in one script, so that list order is number order even when
// two instances append to one session at once; numbers are then contiguous, which lets a read
// take exactly the newest `seq - after` entries.
const APPEND = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
local seqs = {}
for i = 5, #ARGV do
  local seq = redis.call('INCR', KEYS[3])
  redis.call('RPUSH', KEYS[2], '{"seq":' .. seq .. ',' .. string.sub(ARGV[i], 2))
  seqs[#seqs + 1] = seq
end
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[1]), -1)
for k = 1, 3 do redis.call('EXPIRE', KEYS[k], ARGV[2]) end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return seqs`;

const READ_AFTER = `
local n = tonumber(redis.call('GET', KEYS[2]) or '0') - tonumber(ARGV[1])
if n <= 0 then return {} end
return redis.call('LRANGE', KEYS[1], -n, -1)`;

const CLAIM_START = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('HSETNX', KEYS[1], 'started', '1')`;

const COUNT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export interface RedisWebChatOutboxOptions {
  ttlSeconds?: number;
  maxMessages?: number;
  /**
   * A waiting poll looks at Redis at least this often, in case a pub/sub wake-up was lost
   * (the subscriber reconnecting, say).
   */
  recheckMs?: number;
  logger?: Logger;
}

/**
 * The outbox shared by every instance: per session a hash, a list of JSON messages trimmed to
 * the newest ones and a sequence counter, all expiring after a day without use, and all under
 * the session's hash tag, so that its scripts and pipeline stay in one Redis Cluster slot. A waiting long
 * poll is woken through Redis pub/sub (one subscriber connection per instance, opened on the
 * first poll that has to wait), with a slow re-check as a safety net.
 */
export class RedisWebChatOutbox implements WebChatOutbox {
  private readonly waiters = new SessionWaiters();
  private readonly ttlSeconds: number;
  private readonly maxMessages: number;
  private readonly recheckMs: number;
  private subscriber?: RedisClient;
  private subscription?: Promise<void>;

  /** `redis` stays the caller's: {@link close} does not quit it. */
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly options: RedisWebChatOutboxOptions = {},
  ) {
    this.ttlSeconds = options.ttlSeconds ?? SESSION_TTL_SECONDS;
    this.maxMessages = options.maxMessages ?? OUTBOX_MAX_MESSAGES;
    this.recheckMs = options.recheckMs ?? 5000;
  }

  async open(sessionId: string, session: WebChatSession): Promise<void> {
    const key = this.keys.webChatSession(sessionId);
    await this.redis
      .multi()
      .hset(key, { opened: '1', locale: session.locale ?? '' })
      .expire(key, this.ttlSeconds)
      .exec();
  }

  async find(sessionId: string): Promise<WebChatSession | undefined> {
    const results = await this.redis
      .pipeline()
      .hgetall(this.keys.webChatSession(sessionId))
      .expire(this.keys.webChatSession(sessionId), this.ttlSeconds)
      .expire(this.keys.webChatOutbox(sessionId), this.ttlSeconds)
      .expire(this.keys.webChatOutboxSeq(sessionId), this.ttlSeconds)
      .exec();
    const [error, fields] = results?.[0] ?? [null, {}];
    if (error) throw error;
    const hash = fields as Record<string, string>;
    if (!hash.opened) return undefined;
    return hash.locale ? { locale: hash.locale } : {};
  }

  async claimStart(sessionId: string): Promise<boolean> {
    const claimed = await this.redis.eval(CLAIM_START, 1, this.keys.webChatSession(sessionId));
    return claimed === 1;
  }

  async countIncoming(sessionId: string, windowMs: number): Promise<number> {
    return Number(await this.redis.eval(COUNT, 1, this.keys.webChatRate(sessionId), windowMs));
  }

  async append(sessionId: string, drafts: WebChatDraft[]): Promise<number[]> {
    if (drafts.length === 0) return [];
    const seqs = await this.redis.eval(
      APPEND,
      3,
      this.keys.webChatSession(sessionId),
      this.keys.webChatOutbox(sessionId),
      this.keys.webChatOutboxSeq(sessionId),
      this.maxMessages,
      this.ttlSeconds,
      this.keys.webChatNotify(),
      sessionId,
      ...drafts.map((draft) => JSON.stringify(draft)),
    );
    return (seqs as number[]).map(Number);
  }

  async read(
    sessionId: string,
    after: number,
    options: ReadOptions = {},
  ): Promise<WebChatMessage[]> {
    const waitMs = options.waitMs ?? 0;
    const deadline = performance.now() + waitMs;
    if (waitMs > 0) await this.subscribed();
    for (;;) {
      // Listen first, read second: a message appended in between still wakes this poll.
      const ticket = this.waiters.listen(sessionId);
      try {
        const found = await this.fetch(sessionId, after);
        const left = deadline - performance.now();
        if (found.length > 0 || left <= 0 || this.waiters.closed || options.signal?.aborted) {
          return found;
        }
        await ticket.wait(Math.min(left, this.recheckMs), options.signal);
      } finally {
        ticket.dispose();
      }
    }
  }

  async close(): Promise<void> {
    this.waiters.closeAll();
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  private async fetch(sessionId: string, after: number): Promise<WebChatMessage[]> {
    const raw = (await this.redis.eval(
      READ_AFTER,
      2,
      this.keys.webChatOutbox(sessionId),
      this.keys.webChatOutboxSeq(sessionId),
      after,
    )) as string[];
    const messages: WebChatMessage[] = [];
    for (const entry of raw) {
      try {
        messages.push(JSON.parse(entry) as WebChatMessage);
      } catch {
        this.options.logger?.warn(
          { session: sessionTag(sessionId) },
          'skipped an unreadable web-chat message',
        );
      }
    }
    return messages;
  }

  /** Subscribes once per instance; on failure polls still work, through the re-check. */
  private subscribed(): Promise<void> {
    if (this.waiters.closed) return Promise.resolve();
    this.subscription ??= this.subscribe().catch((err: unknown) => {
      this.subscription = undefined;
      this.options.logger?.warn(
        { err: loggableError(err) },
        'web-chat wake-ups unavailable; polls re-check Redis',
      );
    });
    return this.subscription;
  }

  private async subscribe(): Promise<void> {
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', (err: unknown) =>
      this.options.logger?.warn(
        { err: loggableError(err) },
        'web-chat subscriber connection error',
      ),
    );
    subscriber.on('message', (_channel: string, sessionId: string) => this.waiters.wake(sessionId));
    try {
      await subscriber.subscribe(this.keys.webChatNotify());
    } catch (err) {
      subscriber.disconnect();
      if (this.subscriber === subscriber) this.subscriber = undefined;
      throw err;
    }
  }
}
