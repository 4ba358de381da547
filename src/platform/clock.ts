import { DateTime } from 'luxon';

/** The service's time zone: every date a student sees is in Japan time. */
export const ZONE = 'Asia/Tokyo';

/** "Now", injected everywhere so that time-dependent code is deterministic in tests. */
export interface Clock {
  now(): DateTime;
}

export const systemClock: Clock = {
  now: () => DateTime.now().setZone(ZONE),
};

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: DateTime;

  constructor(start: string | DateTime) {
    this.current = (typeof start === 'string' ? DateTime.fromISO(start) : start).setZone(ZONE);
  }

  now(): DateTime {
    return this.current;
  }

  set(to: string | DateTime): void {
    this.current = (typeof to === 'string' ? DateTime.fromISO(to) : to).setZone(ZONE);
  }

  advance(duration: Parameters<DateTime['plus']>[0]): void {
    this.current = this.current.plus(duration);
  }
}

/**
 * A clock that started at `start` and runs on at the real pace from there: `start` + the time
 * elapsed since it was made (`CLOCK_START`, for demos and outside tests). The elapsed time is
 * monotonic, so a change of the machine's wall clock does not move it.
 */
export class StartedClock implements Clock {
  private readonly startedAt: number;

  constructor(
    readonly start: DateTime,
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {
    this.startedAt = elapsedMs();
  }

  now(): DateTime {
    return this.start.plus({ milliseconds: this.elapsedMs() - this.startedAt }).setZone(ZONE);
  }
}

/** The service's clock: the system's, or one started at `CLOCK_START` outside production. */
export function serviceClock(start: DateTime | undefined): Clock {
  return start ? new StartedClock(start) : systemClock;
}
