import { DateTime } from 'luxon';
import type { Clock } from '../platform/clock';

/** Login requests and account-link nonces live 10 minutes, as long as LINE's link token. */
export const LOGIN_TTL_SECONDS = 10 * 60;

/** The ISO time (JST) `ttlSeconds` from now. */
export function expiryFrom(clock: Clock, ttlSeconds: number): string {
  return clock.now().plus({ seconds: ttlSeconds }).toISO() as string;
}

/**
 * Whether an `expiresAt` has passed on `clock`. Stores check this besides their own TTLs, so the
 * injected clock (not the wall clock) decides; an unreadable time counts as passed.
 */
export function hasExpired(expiresAt: unknown, clock: Clock): boolean {
  if (typeof expiresAt !== 'string') return true;
  const at = DateTime.fromISO(expiresAt);
  return !at.isValid || at.toMillis() <= clock.now().toMillis();
}
