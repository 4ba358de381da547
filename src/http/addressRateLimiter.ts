import type { RateLimiter, RateRule } from '../rateLimits/rateLimiter';
import type { AddressedRequest, ClientAddress } from './clientAddress';

/**
 * Per-client-address rate limits for routes: a request counts against a rule under the address
 * of the client that sent it (see {@link clientAddressResolver}, which knows whom to believe
 * behind a proxy). One client at its limit leaves every other address untouched.
 */
export class AddressRateLimiter {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly clientAddress: ClientAddress,
  ) {}

  /**
   * Counts the request under `rule`; undefined when it may go on, else the whole seconds to wait
   * (for `Retry-After`), at least 1.
   */
  async retryAfterSeconds(rule: RateRule, req: AddressedRequest): Promise<number | undefined> {
    const decision = await this.limiter.take(rule, this.clientAddress(req));
    if (decision.allowed) return undefined;
    return Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  }
}
