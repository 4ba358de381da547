/**
 * Whether the service's state (Redis) can be reached right now; checked before a turn is taken
 * on, so that a turn is refused whole (503) rather than half stored. Memory state always can.
 */
export type StateAvailable = () => boolean;

/**
 * `Retry-After` of a 503 answered because state was unreachable: long enough for Redis to come
 * back from a restart or failover, short enough that a student's retry is not kept waiting.
 * LINE redelivers on its own schedule; browsers and Bot Framework may honour it.
 */
export const STATE_RETRY_AFTER_SECONDS = 5;

/** The headers of such a 503. */
export function stateUnavailableHeaders(): Record<string, string> {
  return { 'Retry-After': String(STATE_RETRY_AFTER_SECONDS) };
}
