/**
 * How long a delivered-marker is kept: the longest an order lives (7 days to its deadline, plus
 * the settlement window after it), after which no repeat of its messages can come any more.
 */
export const DELIVERY_MARK_TTL_SECONDS = 8 * 24 * 3600;

/**
 * Which proactive messages already reached which chat: a marker is set right after a message
 * with a delivery id was sent, and checked before it is sent again.
 */
export interface DeliveryMarks {
  /** True while `mark` is set. */
  has(mark: string): Promise<boolean>;
  /** Sets `mark` (if not set already) for {@link DELIVERY_MARK_TTL_SECONDS}. */
  set(mark: string): Promise<void>;
}
