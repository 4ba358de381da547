import { TurnDeliveryPendingError } from './errors';
import type { QueuedTurn, TurnRunner } from './turnQueue';

/** How patiently a committed turn's answer is sent again while the platform does not take it. */
export interface DeliveryRetryPolicy {
  /** The wait after the first failed delivery; doubled after each further one. */
  firstDelayMs: number;
  /** No wait is longer: the answer goes out this soon after the platform recovers. */
  maxDelayMs: number;
  /** Past this much time of trying, the turn is given up (a dead letter, `undelivered`). */
  giveUpAfterMs: number;
}

/**
 * Waits doubling from one second to at most 30 (so an answer goes out within about half a minute
 * of LINE recovering), for 30 minutes in all. The student's later turns wait behind the turn
 * meanwhile, so that answers never arrive out of order.
 */
export const DELIVERY_RETRY: DeliveryRetryPolicy = {
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  giveUpAfterMs: 30 * 60_000,
};

/** What became of a turn run by {@link runDeliveringAnswer}. */
export type DeliveryOutcome =
  /** It ran, and its answer (if any) was taken. */
  | 'delivered'
  /** Its answer was still not taken when the policy gave up. */
  | 'undelivered'
  /** The queue stopped during a wait: the turn is left for another instance. */
  | 'stopped';

/**
 * Runs `turn`, then, while the runner says its committed answer is pending
 * ({@link TurnDeliveryPendingError}), runs it again after growing waits; run again, the bot only
 * sends the turn's saved outbox. Any other error is the caller's. `wait` resolves false when the
 * queue stops meanwhile. Elapsed time is measured on the monotonic clock: it is a duration,
 * never a date.
 */
export async function runDeliveringAnswer(
  runner: TurnRunner,
  turn: QueuedTurn,
  wait: (ms: number) => Promise<boolean>,
  policy: DeliveryRetryPolicy = DELIVERY_RETRY,
): Promise<DeliveryOutcome> {
  const started = performance.now();
  for (let retries = 0; ; retries++) {
    try {
      await runner(retries === 0 ? turn : { ...turn, deliveryRetries: retries });
      return 'delivered';
    } catch (err) {
      if (!(err instanceof TurnDeliveryPendingError)) throw err;
      const delay = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(retries, 30));
      if (performance.now() - started + delay > policy.giveUpAfterMs) return 'undelivered';
      if (!(await wait(delay))) return 'stopped';
    }
  }
}

/** Waits between delivery retries, which all end at once (resolving false) when the queue closes. */
export class RetryWaits {
  private readonly wakers = new Set<() => void>();
  private ended = false;

  /** Waits `ms`; false when {@link end} came first. */
  wait(ms: number): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve(!this.ended);
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  /** Ends every wait now and every later one at once. */
  end(): void {
    this.ended = true;
    for (const wake of [...this.wakers]) wake();
  }
}
