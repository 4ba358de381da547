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
