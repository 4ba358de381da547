/** Why an event was put aside instead of run. */
export type DeadLetterReason =
  /** Nested deeper than {@link EVENT_LIMITS}`.maxDepth`: checked before queuing. */
  | 'too_deep'
  /** Larger than {@link EVENT_LIMITS}`.maxBytes` as JSON: checked before queuing. */
  | 'too_large'
  /** Queuing it threw something other than Redis being away (a bug, a stack overflow). */
  | 'unqueueable'
  /** Its turn threw outside the bot (the bot's own errors are answered by `onTurnError`). */
  | 'failed'
  /** A queue entry that is not one this service wrote. */
  | 'unreadable'
  /** Its answer could not be delivered (the platform failing) for as long as the queue retries. */
  | 'undelivered';

/** Every reason, for documents and pages that list them. */
export const DEAD_LETTER_REASONS = Object.keys({
  too_deep: 1,
  too_large: 1,
  unqueueable: 1,
  failed: 1,
  unreadable: 1,
  undelivered: 1,
} satisfies Record<DeadLetterReason, 1>) as DeadLetterReason[];

/** One event that could not be parsed, queued or run, as staff see it. */
export interface DeadLetter {
  /** When it was put aside: ISO 8601, Japan time. */
  at: string;
  /** The channel it came from: 'line', 'webchat', … */
  channel: string;
  reason: DeadLetterReason;
  /** The channel's id of the event (LINE `webhookEventId`), when it had one. */
  eventId?: string;
  /** The start of the event as JSON, at most {@link EXCERPT_CHARS} characters (and an ellipsis). */
  excerpt: string;
  /** The error's message (never its stack), when an error put it aside. */
  error?: string;
}

/**
 * The dead-letter list: the newest {@link DEAD_LETTER_LIMIT} poison events, kept for
 * {@link DEAD_LETTER_TTL_SECONDS} after the last one, for staff to look into.
 */
export interface DeadLetters {
  /**
   * Records `letter`, newest first. With an `eventId`, an event recorded before (LINE redelivering
   * the same webhook) is not recorded again: returns false.
   */
  record(letter: DeadLetter): Promise<boolean>;
  /** Newest first, at most `limit`. */
  list(limit: number): Promise<DeadLetter[]>;
}

export const DEAD_LETTER_LIMIT = 1_000;
export const DEAD_LETTER_TTL_SECONDS = 30 * 24 * 3600;
/** How much of an event a dead letter keeps. */
export const EXCERPT_CHARS = 200;
/** How much of an error message a dead letter keeps. */
export const ERROR_CHARS = 300;
