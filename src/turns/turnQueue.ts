/** One incoming event, serialisable so that any instance sharing Redis can run it. */
export interface QueuedTurn {
  /** The channel that knows how to run it: 'line', 'webchat', … */
  channel: string;
  /** The channel's own event (a LINE webhook event, a web-chat message, …), as JSON. */
  payload: unknown;
  /**
   * The queue's id of this turn, given when the queue runs it: the same each time the same turn
   * runs (again after a crash), so the bot can tell a turn it has committed before.
   */
  id?: string;
  /**
   * How many times this run follows a committed run whose answer the platform did not take
   * (`TurnDeliveryPendingError`); counted by the instance that retries, from 0.
   */
  deliveryRetries?: number;
}

export type TurnRunner = (turn: QueuedTurn) => Promise<void>;

/**
 * Runs each student's turns one at a time, in the order they arrived, on whichever instance
 * holds that student's lock; turns of different students run concurrently.
 */
export interface TurnQueue {
  /**
   * Queues a turn under `queueKey` (one per student and channel account) and makes sure it runs.
   * With `eventId`, a turn whose id was queued before (a redelivery) is dropped: returns false.
   */
  enqueue(
    queueKey: string,
    turn: QueuedTurn,
    eventId?: { channel: string; id: string },
  ): Promise<boolean>;
  /** Resolves when every turn this instance has taken on has finished; for tests and shutdown. */
  idle(): Promise<void>;
  /** Stops taking new work and waits (up to `timeoutMs`) for running turns to finish. */
  close(timeoutMs: number): Promise<void>;
}
