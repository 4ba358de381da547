import type { Clock } from '../../platform/clock';

/** The LINE endpoints the service paces: LINE limits each per channel and per second. */
export type RateLimitedEndpoint = 'push' | 'multicast';

/** Requests per second allowed on each endpoint, for all instances of the service together. */
export type LineRates = Record<RateLimitedEndpoint, number>;

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps requests to LINE below its rate limits. Chat pushes and staff multicasts take their slot
 * here before each request (each retry included), so a broadcast cannot push the channel over
 * LINE's limit and have chat answers refused with 429.
 */
export interface LineRateLimiter {
  /** Resolves once a request to `endpoint` may go out. */
  take(endpoint: RateLimitedEndpoint): Promise<void>;
}

const WINDOW_MS = 1000;

/**
 * Counts requests in fixed one-second windows of the injected clock; a request finding its
 * window full waits for the next one. Subclasses keep the counters (process memory, Redis).
 * Across a window boundary up to twice the rate can pass within one second, which is why the
 * configured rates default to half of LINE's limits.
 */
export abstract class FixedWindowRateLimiter implements LineRateLimiter {
  constructor(
    private readonly rates: LineRates,
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
  ) {}

  async take(endpoint: RateLimitedEndpoint): Promise<void> {
    const limit = this.rates[endpoint];
    for (;;) {
      const now = this.clock.now().toMillis();
      const window = Math.floor(now / WINDOW_MS);
      if (await this.admit(endpoint, window, limit)) return;
      await this.sleep(Math.max(1, (window + 1) * WINDOW_MS - now));
    }
  }

  /** Counts one request in `window` (epoch seconds) if fewer than `limit` were counted there. */
  protected abstract admit(
    endpoint: RateLimitedEndpoint,
    window: number,
    limit: number,
  ): Promise<boolean>;
}
