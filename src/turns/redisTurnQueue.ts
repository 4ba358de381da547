import type { RedisClient } from '../storage/redisConnection';
import type { Logger } from '../platform/logger';
import { randomId } from '../platform/randomIds';
import type { RedisKeys } from '../storage/redisKeys';
import type { DeadLetterRecorder } from './deadLetterRecorder';
import { RetryWaits, runDeliveringAnswer, type DeliveryRetryPolicy } from './deliveryRetries';
import { TurnHandedBackError } from './errors';
import {
  RedisTurnScripts,
  decodeTurnEntry,
  encodeTurnEntry,
  turnQueueId,
  type DrainStep,
} from './redisTurnScripts';
import type { QueuedTurn, TurnQueue, TurnRunner } from './turnQueue';

/** Options of {@link RedisTurnQueue}. */
export interface RedisTurnQueueOptions {
  /**
   * A student's lock lapses this long after its holder stops renewing it (a crash); renewed
   * every fifth of it while a turn runs, so a holder must miss four renewals in a row to lose it.
   */
  lockTtlMs?: number;
  /** How long an event id is remembered, to drop redeliveries. */
  seenTtlSeconds?: number;
  /** How often queues left behind by a crashed instance are looked for. */
  sweepIntervalMs?: number;
  /** Where a turn whose runner throws, and an unreadable entry, are recorded (else only logged). */
  deadLetters?: DeadLetterRecorder;
  /** How a committed turn whose answer the platform did not take is retried. */
  deliveryRetry?: DeliveryRetryPolicy;
}

/** A lock the enqueue took, and the queue's head it handed over. */
interface TakenTurn {
  token: string;
  step: DrainStep;
}

/** One student's drain on this instance; `again` asks it to look once more before it stops. */
interface Drain {
  again: boolean;
  /** Started by the sweep: takes the queue off the active set when it finds it empty. */
  unlist: boolean;
  /** A lock and head an enqueue took: where the drain goes on from, instead of acquiring. */
  taken?: TakenTurn;
  done: Promise<void>;
}

/**
 * How long a crashed instance's lock holds a student up: short, so that a student whose turn was
 * in flight is answered within seconds by the next sweep of any instance (the lock is renewed
 * every second while the turn runs, so a live holder keeps it).
 */
const DEFAULT_LOCK_TTL_MS = 5_000;
/** How often each instance looks for queues left without a live holder. */
const DEFAULT_SWEEP_INTERVAL_MS = 1_000;

/**
 * The turn queue shared by every instance on one Redis: each student's turns wait in a Redis
 * list and run, one at a time and in order, on whichever instance holds that student's lock.
 * A turn is popped only after it ran (at-least-once): if its instance dies, the lock lapses and
 * another instance's sweep runs it. Run again, a turn the bot had committed (its id saved with
 * the conversation state) only sends what it had held back, so it is answered once.
 *
 * Inside Redis a queue is named by {@link turnQueueId} of its queue key (from `enqueue` on, every
 * `queueKey` below is that id), so that no key name or set member spells out whose chat it is.
 */
export class RedisTurnQueue implements TurnQueue {
  private readonly scripts: RedisTurnScripts;
  private readonly lockTtlMs: number;
  private readonly seenTtlSeconds: number;
  private readonly sweepIntervalMs: number;
  private readonly deadLetters: DeadLetterRecorder | undefined;
  private readonly deliveryRetry: DeliveryRetryPolicy | undefined;
  /** The waits between delivery retries: ended when the queue closes. */
  private readonly retryWaits = new RetryWaits();
  private readonly drains = new Map<string, Drain>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private closed = false;
  /** Set when close() gave up waiting: drains stop after their current turn. */
  private stopping = false;

  constructor(
    private readonly redis: Pick<RedisClient, 'defineCommand' | 'sscan' | 'sadd' | 'llen'>,
    private readonly keys: RedisKeys,
    private readonly runner: TurnRunner,
    private readonly logger: Logger,
    options: RedisTurnQueueOptions = {},
  ) {
    this.lockTtlMs = positive('lockTtlMs', options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS);
    this.seenTtlSeconds = positive('seenTtlSeconds', options.seenTtlSeconds ?? 24 * 3600);
    this.sweepIntervalMs = positive(
      'sweepIntervalMs',
      options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    );
    this.deadLetters = options.deadLetters;
    this.deliveryRetry = options.deliveryRetry;
    this.scripts = new RedisTurnScripts(redis, keys);
  }

  /** Starts the recovery sweep: now, then every `sweepIntervalMs`. */
  start(): void {
    if (this.closed || this.sweepTimer) return;
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.sweepTimer.unref();
    void this.sweep();
  }

  async enqueue(
    queueKey: string,
    turn: QueuedTurn,
    eventId?: { channel: string; id: string },
  ): Promise<boolean> {
    if (this.closed) throw new Error('The turn queue is closed.');
    const id = turnQueueId(queueKey);
    const seen = eventId && {
      key: this.keys.seenEvent(id, eventId.channel, eventId.id),
      ttlSeconds: this.seenTtlSeconds,
    };
    // The lock is taken with the enqueue when nobody holds it: on the happy path a turn then
    // costs three round trips (enqueue-and-take, list, finish).
    const token = newLockToken();
    const step = await this.scripts.enqueue(id, encodeTurnEntry(turn), seen, {
      token,
      ttlMs: this.lockTtlMs,
    });
    // Listed after the push; the turn need not wait for it (its state is read meanwhile), but the
    // caller does: a webhook is answered only once its turn is on a list a sweep reads.
    const listed = this.scripts.list(id);
    if (step.kind !== 'duplicate') {
      this.drain(id, false, step.kind === 'turn' ? { token, step } : undefined);
    }
    await listed;
    return step.kind !== 'duplicate';
  }

  async idle(): Promise<void> {
    while (this.drains.size > 0) await Promise.all([...this.drains.values()].map((d) => d.done));
  }

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);
    // A turn waiting to send its answer again is left in Redis for another instance.
    this.retryWaits.end();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.idle().then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    // Turns still queued stay in Redis for another instance (or this one's next start).
    if (timedOut) this.stopping = true;
  }

  /**
   * Makes sure someone drains `queueKey`: this instance if the lock is free (or `taken`, the
   * lock and head the enqueue took). Only the sweep's drains unlist an empty queue (three more
   * round trips, see `RedisTurnScripts`), so a turn on the happy path costs three; a queue stays
   * listed until a sweep finds it idle and empty.
   */
  private drain(queueKey: string, unlist = false, taken?: TakenTurn): void {
    const running = this.drains.get(queueKey);
    if (running) {
      // The enqueue took the lock, so the running drain holds none (it finished or found the
      // lock busy): it goes on from the turn handed over instead of acquiring.
      if (taken) running.taken = taken;
      running.again = true;
      // A queue in use is not unlisted each time it runs dry: the next sweep does it, if idle.
      if (!unlist) running.unlist = false;
      return;
    }
    const drain: Drain = { again: false, unlist, taken, done: Promise.resolve() };
    this.drains.set(queueKey, drain);
    drain.done = this.drainLoop(queueKey, drain);
  }

  /** Drains `queueKey` from the lock and head an enqueue took, or else from an acquire. */
  private async drainLoop(queueKey: string, drain: Drain): Promise<void> {
    try {
      for (;;) {
        drain.again = false;
        const { taken } = drain;
        drain.taken = undefined;
        const token = taken?.token ?? newLockToken();
        let step = taken?.step ?? (await this.scripts.acquire(queueKey, token, this.lockTtlMs));
        while (step.kind === 'turn') step = await this.runAndFinish(queueKey, token, step.entry);
        if (step.kind === 'empty' && drain.unlist && (await this.scripts.unlist(queueKey))) {
          drain.again = true;
        }
        // Checked and forgotten in one synchronous block, so a concurrent enqueue either sets
        // `again` in time or finds no drain and starts its own: never a turn left behind.
        if (!drain.again || this.stopping) {
          this.drains.delete(queueKey);
          return;
        }
      }
    } catch (err) {
      // Redis is away: the lock lapses and the sweep (here or elsewhere) picks the queue up.
      this.drains.delete(queueKey);
      this.logger.warn({ err }, 'turn queue drain interrupted');
    }
  }

  private async runAndFinish(queueKey: string, token: string, entry: string): Promise<DrainStep> {
    const turn = decodeTurnEntry(entry);
    if (turn) {
      await this.runHoldingLock(queueKey, token, turn);
    } else {
      this.logger.error('dropped an unreadable entry from a turn queue');
      await this.deadLetters?.recordOrLog({
        channel: 'unknown',
        reason: 'unreadable',
        event: entry,
      });
    }
    return this.scripts.finish(queueKey, token, this.lockTtlMs, entry, this.stopping);
  }

  private async runHoldingLock(queueKey: string, token: string, turn: QueuedTurn): Promise<void> {
    const renewal = setInterval(() => void this.renew(queueKey, token), this.lockTtlMs / 5);
    try {
      const outcome = await runDeliveringAnswer(
        this.runner,
        turn,
        (ms) => this.retryWaits.wait(ms),
        this.deliveryRetry,
      );
      // Closing while the answer waits: the turn stays at the head of its queue (not popped).
      if (outcome === 'stopped') throw new TurnHandedBackError();
      if (outcome === 'undelivered') {
        await this.deadLetters?.recordOrLog({
          channel: turn.channel,
          reason: 'undelivered',
          event: turn.payload,
        });
      }
    } catch (err) {
      // Redis was lost midway: the turn stays at the head of its queue, its lock lapses, and
      // the sweep runs it again once Redis answers (the drain stops here).
      if (err instanceof TurnHandedBackError) throw err;
      // The runner answers the student itself; a throw here is a bug. The turn is popped anyway
      // so that one poison event cannot block the student's later turns.
      this.logger.error({ err, channel: turn.channel }, 'turn failed outside the bot');
      await this.deadLetters?.recordOrLog({
        channel: turn.channel,
        reason: 'failed',
        event: turn.payload,
        error: err,
      });
    } finally {
      clearInterval(renewal);
    }
  }

  private async renew(queueKey: string, token: string): Promise<void> {
    try {
      if (!(await this.scripts.renew(queueKey, token, this.lockTtlMs))) {
        this.logger.warn('turn lock taken over while a turn was running');
      }
    } catch (err) {
      this.logger.warn({ err }, 'turn lock renewal failed');
    }
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || this.closed) return;
    this.sweeping = true;
    try {
      // An unlisting that outlived the lock's lifetime lost its instance: list its queue again.
      const relisted = await this.scripts.relistAbandoned(this.lockTtlMs);
      if (relisted > 0) this.logger.warn({ relisted }, 'turn queues listed again after a crash');
      let cursor = '0';
      do {
        const [next, queueKeys] = await this.redis.sscan(
          this.keys.activeTurnQueues(),
          cursor,
          'COUNT',
          200,
        );
        cursor = next;
        for (const queueKey of queueKeys) {
          if (!this.closed && !this.drains.has(queueKey)) this.drain(queueKey, true);
        }
      } while (cursor !== '0' && !this.closed);
    } catch (err) {
      this.logger.warn({ err }, 'turn queue sweep failed');
    } finally {
      this.sweeping = false;
    }
  }
}

function newLockToken(): string {
  return randomId(12, 'base64url');
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`RedisTurnQueue: ${name} must be a positive number, not ${value}.`);
  }
  return value;
}
