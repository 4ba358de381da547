import { DateTime } from 'luxon';
import { ConfigError } from '../platform/errors';

/** An ISO 8601 date and time that ends with its offset: `Z`, `+09:00` or `+0900`. */
const WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * `CLOCK_START`: the instant the service's clock starts at (outside production), or undefined
 * when unset. The offset is required, so that the instant does not depend on the machine's
 * time zone.
 */
export function parseClockStart(raw: string | undefined): DateTime | undefined {
  if (raw === undefined) return undefined;
  const start = WITH_OFFSET.test(raw) ? DateTime.fromISO(raw, { setZone: true }) : undefined;
  if (!start?.isValid) {
    throw new ConfigError(
      'CLOCK_START',
      `CLOCK_START must be an ISO date and time with its offset, e.g. 2027-03-01T09:00:00+09:00, not "${raw.slice(0, 64)}".`,
    );
  }
  return start;
}
