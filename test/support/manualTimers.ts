import type { ManualClock } from '../../src/platform/clock';

interface Sleeper {
  due: number;
  wake: () => void;
}

/**
 * A `sleep` that waits on a manual clock instead of real time: sleepers wake only when the test
 * moves the clock past their due time, so code that paces itself (rate limiters, backoff) runs
 * step by step and deterministically.
 */
export class ManualTimers {
  private sleepers: Sleeper[] = [];
  /** Every wait asked for, in ms, in order. */
  readonly requested: number[] = [];

  constructor(readonly clock: ManualClock) {}

  readonly sleep = (ms: number): Promise<void> => {
    this.requested.push(ms);
    return new Promise((wake) => this.sleepers.push({ due: this.now() + ms, wake }));
  };

  /** How many are waiting now. */
  get pending(): number {
    return this.sleepers.length;
  }

  /** Moves the clock by `ms` and wakes every sleeper now due. */
  advance(ms: number): void {
    this.clock.advance({ milliseconds: ms });
    const now = this.now();
    const due = this.sleepers.filter((s) => s.due <= now);
    this.sleepers = this.sleepers.filter((s) => s.due > now);
    for (const sleeper of due) sleeper.wake();
  }

  /**
   * Resolves once `condition` holds (checked after each turn of the event loop, so Redis and
   * HTTP answers keep arriving); rejects after `guardMs` of real time, a guard against a hang.
   */
  async until(condition: () => boolean, guardMs = 10_000): Promise<void> {
    const giveUpAt = Date.now() + guardMs;
    while (!condition()) {
      if (Date.now() > giveUpAt) throw new Error('ManualTimers.until: the condition never held');
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private now(): number {
    return this.clock.now().toMillis();
  }
}
