import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import type { Logger } from '../../platform/logger';
import { CAPABILITIES } from '../capabilities';
import { LineApiError, lineErrorFields } from './errors';
import type { LineClient } from './lineClient';
import { realSleep, type LineRateLimiter, type Sleep } from './lineRateLimiter';
import { lineRetryKey } from './lineRetryKey';

const PER_REQUEST = CAPABILITIES.line.maxMessagesPerReply;

/** Where a turn's messages go. */
export interface DeliveryTarget {
  /** The user, group or room id pushes go to. */
  to: string;
  /** The event's reply token, if any: single use, at most five messages, short-lived. */
  replyToken?: string;
  /**
   * The LINE `webhookEventId` of the event the turn answers: the pushes' retry keys derive from
   * it, so the same event run again (a redelivery after a crash) gets 409 from LINE for what
   * was pushed before instead of showing it twice.
   */
  eventId?: string;
  /**
   * The delivery id of a proactive message that may be sent again (`ChatEvent.deliveryId`): the
   * pushes' retry keys derive from it, so LINE drops a repeat instead of showing it twice.
   */
  deliveryId?: string;
  /**
   * The messages of a turn committed by a run whose instance died: that run may have replied
   * already, so a reply token LINE calls invalid on the first try was spent on them (not
   * expired) and nothing is pushed; pushes are dropped by LINE through their retry keys.
   */
  resend?: boolean;
}

export interface DeliveryReport {
  replied: number;
  pushed: number;
  /** Messages that certainly or possibly did not arrive. */
  undelivered: number;
  /**
   * Of those, the ones LINE did not take for a passing reason (5xx, no answer, 429 within the
   * plan): sending them again later, with the same token and retry keys, may deliver them.
   */
  pending: number;
}

/** What became of one push. */
type PushOutcome = 'sent' | 'refused' | 'unanswered';

/** How often, and how patiently, a reply or a push is tried again. */
export interface LineRetryPolicy {
  /** Tries, the first included. */
  attempts: number;
  /** Wait before the second try; doubled before each further one. */
  baseDelayMs: number;
  /**
   * The longest single wait, LINE's `Retry-After` included: a turn holds its chat's queue while
   * it waits, so LINE asking for longer ends the retries.
   */
  maxDelayMs?: number;
}

export interface LineDeliveryOptions {
  /** Every push (each retry included) takes a slot here first. */
  limiter: LineRateLimiter;
  /** Pushes: 5 tries, 250 ms doubling, at most 2 s a wait (3.75 s of waiting in all). */
  retry?: LineRetryPolicy;
  /** Replies with the same token: 3 tries, 250 ms doubling (0.75 s of waiting in all). */
  replyRetry?: LineRetryPolicy;
  sleep?: Sleep;
}

const DEFAULT_PUSH_RETRY = { attempts: 5, baseDelayMs: 250, maxDelayMs: 2_000 };
const DEFAULT_REPLY_RETRY = { attempts: 3, baseDelayMs: 250, maxDelayMs: 2_000 };

/** What became of a turn's reply. */
type ReplyOutcome =
  /** LINE showed it (perhaps on an earlier try whose answer was lost). */
  | 'replied'
  /** The token was refused on the first try: nothing was shown, push instead. */
  | 'tokenUnusable'
  /** 5xx or no answer on every try: most likely nothing was shown, push instead. */
  | 'failed'
  /** Refused for good (4xx): a push of the same messages would be refused as well. */
  | 'refused';

/**
 * Sends one turn's messages: the first five with the reply token (free, and shown at once),
 * the rest by push in groups of five. The student should see each message at most once, and
 * once whenever LINE can be reached within seconds:
 *
 * - A reply answered 5xx or not at all is tried again with the same token: a token LINE
 *   accepted is spent, so a retry refused with "Invalid reply token" means an earlier try was
 *   shown, and nothing is pushed. Still failing, the reply's messages are pushed instead.
 * - A committed turn's outbox sent again after a crash (`resend`) counts a token refused on the
 *   first try as spent on it by the run that committed: nothing is pushed.
 * - Every push has a retry key and is retried with it on 5xx, no answer or 429 (after LINE's
 *   `Retry-After`), so LINE delivers it at most once; other 4xx, and 429 for the monthly
 *   limit, are final. The keys derive from the event's `webhookEventId` (or the proactive
 *   turn's delivery id) and the group's place in the turn, so the same turn run again (after a
 *   crash) gets 409 from LINE for what was delivered before.
 *
 * Retries are bounded to a few seconds: the turn holds its chat's queue meanwhile. Pushes take
 * their slot from the shared rate limiter; replies answer incoming events, whose pace the users
 * set.
 */
export class LineDelivery {
  private readonly limiter: LineRateLimiter;
  private readonly retry: Required<LineRetryPolicy>;
  private readonly replyRetry: Required<LineRetryPolicy>;
  private readonly sleep: Sleep;

  constructor(
    private readonly client: Pick<LineClient, 'reply' | 'push'>,
    private readonly logger: Logger,
    options: LineDeliveryOptions,
  ) {
    this.limiter = options.limiter;
    this.retry = { ...DEFAULT_PUSH_RETRY, ...options.retry };
    this.replyRetry = { ...DEFAULT_REPLY_RETRY, ...options.replyRetry };
    this.sleep = options.sleep ?? realSleep;
  }

  async deliver(target: DeliveryTarget, messages: messagingApi.Message[]): Promise<DeliveryReport> {
    const report: DeliveryReport = { replied: 0, pushed: 0, undelivered: 0, pending: 0 };
    const groups: messagingApi.Message[][] = [];
    for (let i = 0; i < messages.length; i += PER_REQUEST) {
      groups.push(messages.slice(i, i + PER_REQUEST));
    }
    let next = 0;
    if (target.replyToken && groups.length > 0) {
      const outcome = await this.replyOnce(target.replyToken, groups[0], target.resend === true);
      if (outcome === 'replied') report.replied = groups[0].length;
      if (outcome === 'refused') report.undelivered += groups[0].length;
      if (outcome === 'replied' || outcome === 'refused') next = 1;
    }
    for (let index = next; index < groups.length; index++) {
      const group = groups[index];
      const outcome = await this.pushOnce(target.to, group, this.retryKey(target, index));
      if (outcome !== 'sent') {
        // Later groups would arrive out of context after a gap: they wait for this one.
        const left = groups.slice(index).reduce((n, g) => n + g.length, 0);
        report.undelivered += left;
        if (outcome === 'unanswered') report.pending += left;
        break;
      }
      report.pushed += group.length;
    }
    return report;
  }

  /** The reply, retried with the same token while LINE fails on its side or does not answer. */
  private async replyOnce(
    replyToken: string,
    messages: messagingApi.Message[],
    resend: boolean,
  ): Promise<ReplyOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.reply(replyToken, messages);
        return 'replied';
      } catch (err) {
        if (err instanceof LineApiError && err.invalidReplyToken) {
          if (attempt === 1 && resend) {
            this.logger.info('LINE reply token spent by the committed run; not pushing');
            return 'replied';
          }
          if (attempt === 1) {
            this.logger.info('LINE reply token unusable; pushing the answer instead');
            return 'tokenUnusable';
          }
          // Only a reply LINE accepted spends the token: an earlier try arrived after all.
          this.logger.info({ attempt }, 'LINE reply token spent by an earlier try; not pushing');
          return 'replied';
        }
        const fields = { ...lineErrorFields(err), attempt };
        if (!(err instanceof LineApiError && err.retryable)) {
          this.logger.error(fields, 'LINE reply failed');
          return 'refused';
        }
        if (attempt >= this.replyRetry.attempts) {
          this.logger.warn(fields, 'LINE reply failed; pushing the answer instead');
          return 'failed';
        }
        this.logger.warn(fields, 'LINE reply failed; retrying');
        await this.sleep(backoff(this.replyRetry, attempt));
      }
    }
  }

  /** A push's retry key: the same for the same group of the same turn, when that is known. */
  private retryKey(target: DeliveryTarget, index: number): string {
    if (target.deliveryId) return lineRetryKey(`chat:${target.deliveryId}:${target.to}:${index}`);
    if (target.eventId) return lineRetryKey(`reply:${target.eventId}:${index}`);
    return randomUUID();
  }

  private async pushOnce(
    to: string,
    messages: messagingApi.Message[],
    retryKey: string,
  ): Promise<PushOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.limiter.take('push');
        await this.client.push(to, messages, retryKey);
        return 'sent';
      } catch (err) {
        // 409: an earlier try with this key was accepted after all.
        if (err instanceof LineApiError && err.status === 409) return 'sent';
        const fields = { ...lineErrorFields(err), attempt };
        const retryable =
          err instanceof LineApiError &&
          (err.retryable || (err.rateLimited && !err.monthlyLimitReached));
        const wait = retryable ? (err.retryAfterMs ?? backoff(this.retry, attempt)) : 0;
        if (!retryable) {
          this.logger.error(fields, 'LINE push failed');
          return 'refused';
        }
        if (attempt >= this.retry.attempts || wait > this.retry.maxDelayMs) {
          this.logger.warn(fields, 'LINE push failed; left for a later try');
          return 'unanswered';
        }
        this.logger.warn(fields, 'LINE push failed; retrying');
        await this.sleep(wait);
      }
    }
  }
}

/** The wait after try `attempt`: doubling from the base, at most the policy's longest wait. */
function backoff(policy: Required<LineRetryPolicy>, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}
