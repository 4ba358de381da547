import type { Clock } from '../../platform/clock';
import { MemoryRateLimiter } from '../../rateLimits/memoryRateLimiter';
import { FixedWindowRateLimiter, type LineRates, type Sleep } from './lineRateLimiter';

/** The embedded {@link LineRateLimiter}: the counters of one process. */
export class MemoryLineRateLimiter extends FixedWindowRateLimiter {
  constructor(rates: LineRates, clock: Clock, sleep?: Sleep) {
    super(new MemoryRateLimiter(clock), rates, sleep);
  }
}
