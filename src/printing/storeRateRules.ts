import type { RateRule } from '../rateLimits/rateLimiter';

const TEN_MINUTES_MS = 10 * 60_000;

/**
 * How often one client address may use the store copier and the verification page. Reservation
 * numbers (8 or 10 characters of 36) and verification codes cannot be found by guessing at these
 * rates; a student printing or a registrar checking a few papers never comes near them.
 */
export const STORE_RATE_RULES = {
  /** Reservation numbers typed at the copier (Print). */
  number: { name: 'store-number', max: 30, windowMs: TEN_MINUTES_MS },
  /** Printed documents (PDF) fetched by number. */
  document: { name: 'store-document', max: 30, windowMs: TEN_MINUTES_MS },
  /** Verification codes looked up at `/verify/<code>`. */
  verification: { name: 'verify', max: 60, windowMs: TEN_MINUTES_MS },
} as const satisfies Record<string, RateRule>;
