import type { Clock } from '../platform/clock';
import {
  DEFAULT_LOGIN_LIMITS,
  idAtAddress,
  type AttemptLimit,
  type LoginAttempt,
  type LoginAttemptLimiter,
  type LoginAttemptLimits,
} from './loginAttemptLimiter';

interface Window {
  count: number;
  /** Epoch milliseconds at which the window closes. */
  resetAt: number;
}

/** Beyond this many counters, closed windows are swept before a new one is opened. */
const SWEEP_ABOVE = 10_000;

/** The embedded {@link LoginAttemptLimiter}: counters of one process. */
export class MemoryLoginAttemptLimiter implements LoginAttemptLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: LoginAttemptLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  async acquire(attempt: LoginAttempt): Promise<boolean> {
    const now = this.clock.now().toMillis();
    if (this.windows.size > SWEEP_ABOVE) this.sweep(now);
    const byId = this.open(`id:${idAtAddress(attempt)}`, this.limits.perStudentId, now);
    const byAddress = this.open(`address:${attempt.address}`, this.limits.perAddress, now);
    if (byId.count >= this.limits.perStudentId.max) return false;
    if (byAddress.count >= this.limits.perAddress.max) return false;
    byId.count += 1;
    byAddress.count += 1;
    return true;
  }

  async succeeded(attempt: LoginAttempt): Promise<void> {
    this.windows.delete(`id:${idAtAddress(attempt)}`);
    const byAddress = this.windows.get(`address:${attempt.address}`);
    if (byAddress && byAddress.count > 0) byAddress.count -= 1;
  }

  /** The current window of `key`, a fresh one if the last has closed. */
  private open(key: string, limit: AttemptLimit, now: number): Window {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + limit.windowSeconds * 1000 };
      this.windows.set(key, window);
    }
    return window;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
    }
  }
}
