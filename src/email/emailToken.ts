import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: well above the 128 the service requires, and unguessable for 30 minutes. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh one-time token for a confirmation URL (base64url, 43 characters). */
export function newEmailToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * The SHA-256 of a token, hex: the only form that is stored, so that a copy of the store does
 * not hold a single usable link.
 */
export function hashEmailToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `value` could be a token we issued; anything else is unknown without a look-up. */
export function isWellFormedEmailToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}
