import { createHash, randomBytes } from 'node:crypto';

const SESSION_ID = /^[A-Za-z0-9_-]{32}$/;

/**
 * A new web-chat session id: 192 random bits, base64url. Whoever holds it can read the
 * conversation, so it is as strong as a password and is never logged.
 */
export function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether `value` has the shape of a session id (it may still be unknown or expired). */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}

/** A short, non-reversible tag of a session id, to correlate log lines without leaking it. */
export function sessionTag(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 12);
}
