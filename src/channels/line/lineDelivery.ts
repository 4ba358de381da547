import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import type { Logger } from '../../platform/logger';
import { CAPABILITIES } from '../capabilities';
import { LineApiError, lineErrorFields } from './errors';
import type { LineClient } from './lineClient';
import { realSleep, type LineRateLimiter, type Sleep } from './lineRateLimiter';

const PER_REQUEST = CAPABILITIES.line.maxMessagesPerReply;

/** Where a turn's messages go. */
export interface DeliveryTarget {
  /** The user, group or room id pushes go to. */
  to: string;
  /** The event's reply token, if any: single use, at most five messages, short-lived. */
  replyToken?: string;
}

export interface DeliveryReport {
  replied: number;
  pushed: number;
  /** Messages that certainly or possibly did not arrive. */
  undelivered: number;
}

export interface PushRetryPolicy {
  /** Tries per push, the first included. */
  attempts: number;
  /** Wait before the second try; doubled before each further one. */
  baseDelayMs: number;
}

export interface LineDeliveryOptions {
  /** Every push (each retry included) takes a slot here first. */
  limiter: LineRateLimiter;
  retry?: PushRetryPolicy;
  sleep?: Sleep;
}

/**
 * Sends one turn's messages: the first five with the reply token (free, and shown at once),
 * the rest by push in groups of five. Each push has its own retry key and is retried with it
 * on 5xx or no answer, so LINE delivers it at most once; 4xx is never retried. An unusable
 * reply token (used, expired) turns the whole turn into pushes. Pushes take their slot from the
 * shared rate limiter; replies answer incoming events, whose pace the users set.
 */
export class LineDelivery {
  private readonly limiter: LineRateLimiter;
  private readonly retry: PushRetryPolicy;
  private readonly sleep: Sleep;

  constructor(
    private readonly client: Pick<LineClient, 'reply' | 'push'>,
    private readonly logger: Logger,
    options: LineDeliveryOptions,
  ) {
    this.limiter = options.limiter;
    this.retry = options.retry ?? { attempts: 3, baseDelayMs: 250 };
    this.sleep = options.sleep ?? realSleep;
  }

  async deliver(target: DeliveryTarget, messages: messagingApi.Message[]): Promise<DeliveryReport> {
    const report: DeliveryReport = { replied: 0, pushed: 0, undelivered: 0 };
    let rest = messages;
    if (target.replyToken && rest.length > 0) {
      const first = rest.slice(0, PER_REQUEST);
      try {
        await this.client.reply(target.replyToken, first);
        report.replied = first.length;
        rest = rest.slice(PER_REQUEST);
      } catch (err) {
        if (err instanceof LineApiError && err.invalidReplyToken) {
          this.logger.info('LINE reply token unusable; pushing the answer instead');
        } else {
          // Unknown whether LINE showed it: pushing again could show it twice.
          this.logger.error(lineErrorFields(err), 'LINE reply failed');
          report.undelivered += first.length;
          rest = rest.slice(PER_REQUEST);
        }
      }
    }
    for (let i = 0; i < rest.length; i += PER_REQUEST) {
      const chunk = rest.slice(i, i + PER_REQUEST);
      if (!(await this.pushOnce(target.to, chunk))) {
        // Later chunks would arrive out of context after a gap; the student can ask again.
        report.undelivered += rest.length - i;
        break;
      }
      report.pushed += chunk.length;
    }
    return report;
  }

  private async pushOnce(to: string, messages: messagingApi.Message[]): Promise<boolean> {
    const retryKey = randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.limiter.take('push');
        await this.client.push(to, messages, retryKey);
        return true;
      } catch (err) {
        // 409: an earlier try with this key was accepted after all.
        if (err instanceof LineApiError && err.status === 409) return true;
        const retryable = err instanceof LineApiError && err.retryable;
        if (!retryable || attempt >= this.retry.attempts) {
          this.logger.error({ ...lineErrorFields(err), attempt }, 'LINE push failed');
          return false;
        }
        this.logger.warn({ ...lineErrorFields(err), attempt }, 'LINE push failed; retrying');
        await this.sleep(this.retry.baseDelayMs * 2 ** (attempt - 1));
      }
    }
  }
}
