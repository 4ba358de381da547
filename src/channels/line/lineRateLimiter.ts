import type { RateLimiter } from '../../rateLimits/rateLimiter';

/**
 * The LINE endpoints the service paces: LINE limits each per channel and per second.
 * `richMenu` is the per-user rich menu link and unlink (and the alias lookup before them).
 */
export type RateLimitedEndpoint = 'push' | 'multicast' | 'richMenu';

/**
 * Requests per second allowed on each endpoint, for all instances of the service together.
 * `richMenu` defaults to {@link DEFAULT_RICH_MENU_PER_SECOND}.
 */
export type LineRates = Record<'push' | 'multicast', number> & { richMenu?: number };

/** Half of the 2,000 requests a second LINE allows on its per-user rich menu endpoints. */
export const DEFAULT_RICH_MENU_PER_SECOND = 1000;

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps requests to LINE below its rate limits. Chat pushes and the multicasts of staff pushes
 * take their slot here before each request (each retry included), so a staff push cannot take
 * the channel over LINE's limit and have chat answers refused with 429.
 */
export interface LineRateLimiter {
  /** Resolves once a request to `endpoint` may go out. */
  take(endpoint: RateLimitedEndpoint): Promise<void>;
}

/** LINE counts its limits per second. */
const WINDOW_MS = 1000;

/** The one subject of the LINE rules: the service talks to LINE as one channel. */
const CHANNEL = 'channel';

/**
 * Takes slots from a {@link RateLimiter} in one-second windows of its clock; a request finding
 * its window full waits for the next one. Subclasses choose the counters (process memory, Redis).
 * Across a window boundary up to twice the rate can pass within one second, which is why the
 * configured rates default to half of LINE's limits.
 */
export abstract class FixedWindowRateLimiter implements LineRateLimiter {
  constructor(
    private readonly windows: RateLimiter,
    private readonly rates: LineRates,
    private readonly sleep: Sleep = realSleep,
  ) {}

  async take(endpoint: RateLimitedEndpoint): Promise<void> {
    const max = this.rates[endpoint] ?? DEFAULT_RICH_MENU_PER_SECOND;
    const rule = { name: `line-${endpoint}`, max, windowMs: WINDOW_MS };
    for (;;) {
      const { allowed, retryAfterMs } = await this.windows.take(rule, CHANNEL);
      if (allowed) return;
      await this.sleep(Math.max(1, retryAfterMs));
    }
  }
}
