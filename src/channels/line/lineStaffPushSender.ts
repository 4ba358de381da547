import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import type { Logger } from '../../platform/logger';
import type { ChatReachability } from '../../students/chatReachability';
import { accountKey, type ChatAccount } from '../../students/student';
import { CAPABILITIES } from '../capabilities';
import { InvalidStaffPushTextError } from './errors';
import { LineApiError, lineErrorFields } from './errors';
import type { LineClient } from './lineClient';
import { realSleep, type LineRateLimiter, type Sleep } from './lineRateLimiter';
import { lineRetryKey } from './lineRetryKey';
import { splitText } from './lineText';

/** LINE takes at most 500 user ids per multicast. */
export const MULTICAST_MAX_RECIPIENTS = 500;

/** A LINE user id as webhooks carry it; multicast takes nothing else (no groups, no rooms). */
const USER_ID = /^U[0-9a-f]{32}$/;

/** Where each user id of a staff push ended up; every distinct id given is in exactly one list. */
export interface LineStaffPushResult {
  /** Accepted by LINE. */
  sent: string[];
  /** Refused by LINE, unanswered after every retry, or not a LINE user id. */
  failed: string[];
  /** Skipped: the user blocked the bot. */
  blocked: string[];
}

export interface MulticastRetryPolicy {
  /** Tries per multicast, the first included. */
  attempts: number;
  /** Wait before the second try; doubled before each further one. */
  baseDelayMs: number;
  /** No wait is longer, whatever the backoff or LINE's `Retry-After` says. */
  maxDelayMs: number;
}

export interface LineStaffPushSenderDeps {
  client: Pick<LineClient, 'multicast'>;
  limiter: LineRateLimiter;
  reachability: ChatReachability;
  logger: Logger;
  retry?: MulticastRetryPolicy;
  sleep?: Sleep;
}

/**
 * About 18 minutes of tries (1, 2, 4, 8, 16 s, then every 30 s): LINE failing for many minutes
 * still gets the push, within 30 s of recovering. The push is a durable job, so an instance that
 * dies meanwhile hands the batch, and its retry key, to another.
 */
const DEFAULT_RETRY: MulticastRetryPolicy = { attempts: 40, baseDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * Sends one text to many LINE users (a staff push): users who blocked the bot are skipped, the
 * rest get it by multicast, 500 at a time. Each multicast has its own retry key and is retried
 * with it on 429, 5xx or no answer, so LINE delivers it at most once; other 4xx, and the 429 of
 * the monthly message limit (no wait ends it), are final. Given
 * a `key`, the retry keys derive from it (see {@link lineRetryKey}): sending the same users again
 * under the same key, as an instance taking a push over does, delivers nothing twice.
 * Multicasts go one after another, each taking its slot from the shared rate limiter, whose
 * multicast budget is separate from the pushes that answer chats.
 */
export class LineStaffPushSender {
  private readonly retry: MulticastRetryPolicy;
  private readonly sleep: Sleep;

  constructor(private readonly deps: LineStaffPushSenderDeps) {
    this.retry = deps.retry ?? DEFAULT_RETRY;
    this.sleep = deps.sleep ?? realSleep;
  }

  async send(userIds: readonly string[], text: string, key?: string): Promise<LineStaffPushResult> {
    const messages = textMessages(text);
    const distinct = [...new Set(userIds)];
    const result: LineStaffPushResult = {
      sent: [],
      failed: distinct.filter((id) => !USER_ID.test(id)),
      blocked: [],
    };
    const users = distinct.filter((id) => USER_ID.test(id));
    const blocked = await this.deps.reachability.blockedAmong(users.map(lineAccount));
    const targets: string[] = [];
    for (const id of users) {
      if (blocked.has(accountKey(lineAccount(id)))) result.blocked.push(id);
      else targets.push(id);
    }
    let chunks = 0;
    for (let i = 0; i < targets.length; i += MULTICAST_MAX_RECIPIENTS) {
      const chunk = targets.slice(i, i + MULTICAST_MAX_RECIPIENTS);
      chunks += 1;
      const retryKey = key === undefined ? randomUUID() : lineRetryKey(`${key}:${chunks}`);
      const delivered = await this.multicastOnce(chunk, messages, chunks, retryKey);
      (delivered ? result.sent : result.failed).push(...chunk);
    }
    this.deps.logger.info(
      {
        recipients: distinct.length,
        multicasts: chunks,
        sent: result.sent.length,
        failed: result.failed.length,
        blocked: result.blocked.length,
      },
      // The message predates the name "staff push"; log searches and alerts know it by this.
      'LINE broadcast finished',
    );
    return result;
  }

  /** One multicast, retried with the same key; true once LINE accepted it. */
  private async multicastOnce(
    to: string[],
    messages: messagingApi.Message[],
    chunk: number,
    retryKey: string,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.limiter.take('multicast');
        await this.deps.client.multicast(to, messages, retryKey);
        return true;
      } catch (err) {
        // 409: an earlier try with this key was accepted after all.
        if (err instanceof LineApiError && err.status === 409) return true;
        const fields = { ...lineErrorFields(err), chunk, recipients: to.length, attempt };
        const retryable =
          err instanceof LineApiError &&
          (err.retryable || (err.rateLimited && !err.monthlyLimitReached));
        if (!retryable || attempt >= this.retry.attempts) {
          this.deps.logger.error(fields, 'LINE multicast failed');
          return false;
        }
        this.deps.logger.warn(fields, 'LINE multicast failed; retrying');
        await this.sleep(this.delayBefore(attempt + 1, err.retryAfterMs));
      }
    }
  }

  private delayBefore(attempt: number, retryAfterMs: number | undefined): number {
    const backoff = this.retry.baseDelayMs * 2 ** (attempt - 2);
    return Math.min(this.retry.maxDelayMs, Math.max(backoff, retryAfterMs ?? 0));
  }
}

function lineAccount(userId: string): ChatAccount {
  return { channel: 'line', accountId: userId };
}

/** The text as LINE text messages (long texts split at line breaks), at most five. */
function textMessages(text: string): messagingApi.TextMessage[] {
  const pieces = splitText(text, CAPABILITIES.line.maxTextLength);
  if (pieces.length === 0 || pieces.length > CAPABILITIES.line.maxMessagesPerReply) {
    throw new InvalidStaffPushTextError(text.length);
  }
  return pieces.map((piece) => ({ type: 'text', text: piece }));
}
