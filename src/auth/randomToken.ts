import { createHash, randomBytes } from 'node:crypto';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A new bearer secret: 256 random bits, base64url (43 characters). Login request ids, LINE
 * account-link nonces and CSRF tokens are all of this kind; whoever holds one may use it, so it
 * is never logged and Redis keys hold only its {@link tokenHash}.
 */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `value` has the shape of a {@link randomToken} (it may still be unknown or used). */
export function isRandomToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/** SHA-256 of a token (hex): what a stored key holds, so a Redis dump cannot replay it. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
