import type { Logger } from '../platform/logger';
import { randomId } from '../platform/randomIds';
import type { DeadLetterRecorder } from './deadLetterRecorder';
import { RetryWaits, runDeliveringAnswer, type DeliveryRetryPolicy } from './deliveryRetries';
import type { QueuedTurn, TurnQueue, TurnRunner } from './turnQueue';

/** Options of {@link MemoryTurnQueue}. */
export interface MemoryTurnQueueOptions {
  /** Where a turn whose runner throws is recorded; without it, it is only logged. */
  deadLetters?: DeadLetterRecorder;
  /** How long an event id is remembered, to drop redeliveries. */
  seenTtlMs?: number;
  now?: () => number;
  /** How a committed turn whose answer the platform did not take is retried. */
  deliveryRetry?: DeliveryRetryPolicy;
}

/**
 * The embedded turn queue: one promise chain per student on this instance, and an in-process
 * record of seen event ids. Enough for a single instance; several instances need Redis.
 */
export class MemoryTurnQueue implements TurnQueue {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly seen = new Map<string, number>();
  private closed = false;
  private readonly deadLetters: DeadLetterRecorder | undefined;
  private readonly seenTtlMs: number;
  private readonly now: () => number;
  private readonly deliveryRetry: DeliveryRetryPolicy | undefined;
  /** The waits between delivery retries: ended when the queue closes. */
  private readonly retryWaits = new RetryWaits();

  constructor(
    private readonly runner: TurnRunner,
    private readonly logger: Logger,
    options: MemoryTurnQueueOptions = {},
  ) {
    this.deadLetters = options.deadLetters;
    this.seenTtlMs = options.seenTtlMs ?? 24 * 3600 * 1000;
    this.now = options.now ?? Date.now;
    this.deliveryRetry = options.deliveryRetry;
  }

  async enqueue(
    queueKey: string,
    turn: QueuedTurn,
    eventId?: { channel: string; id: string },
  ): Promise<boolean> {
    if (this.closed) throw new Error('The turn queue is closed.');
    if (eventId && !this.markSeen(`${eventId.channel}:${eventId.id}`)) return false;
    const previous = this.chains.get(queueKey) ?? Promise.resolve();
    const queued = { ...turn, id: randomId(8, 'hex') };
    const next = previous.then(() => this.run(queued));
    this.chains.set(queueKey, next);
    void next.then(() => {
      if (this.chains.get(queueKey) === next) this.chains.delete(queueKey);
    });
    return true;
  }

  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    this.retryWaits.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.idle(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  private async run(turn: QueuedTurn): Promise<void> {
    try {
      const outcome = await runDeliveringAnswer(
        this.runner,
        turn,
        (ms) => this.retryWaits.wait(ms),
        this.deliveryRetry,
      );
      if (outcome === 'stopped') {
        // Memory state ends with the process: nothing else could send it.
        this.logger.warn({ channel: turn.channel }, 'answer not delivered before shutdown');
      }
      if (outcome === 'undelivered') {
        await this.deadLetters?.recordOrLog({
          channel: turn.channel,
          reason: 'undelivered',
          event: turn.payload,
        });
      }
    } catch (err) {
      // The runner answers the student itself; a throw here is a bug, logged, never fatal.
      this.logger.error({ err, channel: turn.channel }, 'turn failed outside the bot');
      await this.deadLetters?.recordOrLog({
        channel: turn.channel,
        reason: 'failed',
        event: turn.payload,
        error: err,
      });
    }
  }

  private markSeen(id: string): boolean {
    const now = this.now();
    const until = this.seen.get(id);
    if (until !== undefined && until > now) return false;
    this.seen.set(id, now + this.seenTtlMs);
    if (this.seen.size > 100_000) {
      for (const [key, expiry] of this.seen) if (expiry <= now) this.seen.delete(key);
    }
    return true;
  }
}
