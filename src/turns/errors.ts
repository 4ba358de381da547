/**
 * A turn that could not finish for a passing reason: the service's state (Redis) became
 * unreachable while it ran. The turn is neither answered half nor apologised for: the channel
 * drops what it had buffered, and the turn queue keeps the turn and runs it again once Redis is
 * back (a Bot Framework activity, which is not queued, is answered 503 for the platform to send
 * again).
 */
export class TurnHandedBackError extends Error {
  override readonly name = 'TurnHandedBackError';
  readonly code = 'TURN_HANDED_BACK';

  constructor(options?: { cause?: unknown }) {
    super('The turn could not reach its state and was handed back to run again.', options);
  }
}

/**
 * A committed turn whose answer the platform did not take, for a passing reason (LINE answering
 * 5xx or not at all, or asking to slow down), after the channel's own quick retries. The turn
 * queue keeps the turn and runs it again after a growing wait (see `runDeliveringAnswer`); run
 * again, the committed turn only sends its saved outbox, and what arrived before is not shown
 * twice (the same reply token, the same retry keys).
 */
export class TurnDeliveryPendingError extends Error {
  override readonly name = 'TurnDeliveryPendingError';
  readonly code = 'TURN_DELIVERY_PENDING';

  constructor(readonly undelivered: number) {
    super(`${undelivered} message(s) of a committed turn are waiting for the platform.`);
  }
}
