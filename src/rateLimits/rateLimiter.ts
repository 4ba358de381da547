/** At most `max` requests per fixed window of `windowMs`; `name` keeps each limit's counts apart. */
export interface RateRule {
  /** Letters, digits and dashes: it is part of the counters' keys. */
  name: string;
  max: number;
  windowMs: number;
}

/** The answer to one request: admitted, or how long until the next window opens. */
export interface RateDecision {
  allowed: boolean;
  /** 0 when admitted. */
  retryAfterMs: number;
}

/**
 * Counts requests per subject (a client address, a LINE endpoint…) in fixed windows of the
 * injected clock. A refused request is not counted, so waiting out the window always works.
 * Across a window boundary up to twice `max` can pass in one window's length: fine for bounding
 * guesses and floods, which is what it is for. Memory and Redis implementations pass one
 * contract suite.
 */
export interface RateLimiter {
  /** Counts one request of `subject` under `rule`, unless its window is already full. */
  take(rule: RateRule, subject: string): Promise<RateDecision>;
}

/** The window of `rule` that holds `nowMs` (epoch ms): its number and when it closes. */
export function windowAt(rule: RateRule, nowMs: number): { index: number; endsAt: number } {
  const index = Math.floor(nowMs / rule.windowMs);
  return { index, endsAt: (index + 1) * rule.windowMs };
}

export const ADMITTED: RateDecision = { allowed: true, retryAfterMs: 0 };
