import type { Clock } from '../platform/clock';
import {
  ADMITTED,
  windowAt,
  type RateDecision,
  type RateLimiter,
  type RateRule,
} from './rateLimiter';

interface Counter {
  index: number;
  endsAt: number;
  count: number;
}

/** Counters kept at most; a flood from more subjects than this forgets the oldest first. */
const DEFAULT_MAX_COUNTERS = 100_000;

/** The embedded {@link RateLimiter}: the counters of one process. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly clock: Clock,
    private readonly maxCounters = DEFAULT_MAX_COUNTERS,
  ) {}

  async take(rule: RateRule, subject: string): Promise<RateDecision> {
    const now = this.clock.now().toMillis();
    const { index, endsAt } = windowAt(rule, now);
    const key = `${rule.name}\n${subject}`;
    let counter = this.counters.get(key);
    if (!counter) this.makeRoom(now);
    if (counter?.index !== index) {
      counter = { index, endsAt, count: 0 };
      this.counters.set(key, counter);
    }
    if (counter.count >= rule.max) return { allowed: false, retryAfterMs: endsAt - now };
    counter.count += 1;
    return ADMITTED;
  }

  /**
   * Before a new counter: when full, drop the closed windows, then (still full: a flood from very
   * many subjects) the oldest tenth, so that the sweep runs rarely and memory stays bounded.
   */
  private makeRoom(now: number): void {
    if (this.counters.size < this.maxCounters) return;
    for (const [key, counter] of this.counters) {
      if (counter.endsAt <= now) this.counters.delete(key);
    }
    const keep = Math.floor(this.maxCounters * 0.9);
    for (const key of this.counters.keys()) {
      if (this.counters.size <= keep) break;
      this.counters.delete(key);
    }
  }
}
