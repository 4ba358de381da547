import { FixedWindowRateLimiter, type RateLimitedEndpoint } from './lineRateLimiter';

/** The embedded {@link LineRateLimiter}: the counters of one process. */
export class MemoryLineRateLimiter extends FixedWindowRateLimiter {
  private readonly windows = new Map<RateLimitedEndpoint, { window: number; count: number }>();

  protected async admit(
    endpoint: RateLimitedEndpoint,
    window: number,
    limit: number,
  ): Promise<boolean> {
    let current = this.windows.get(endpoint);
    if (current?.window !== window) {
      current = { window, count: 0 };
      this.windows.set(endpoint, current);
    }
    if (current.count >= limit) return false;
    current.count += 1;
    return true;
  }
}
