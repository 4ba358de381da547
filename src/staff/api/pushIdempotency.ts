import { createHash } from 'node:crypto';
import type { PushRequest } from './staffApiRequests';

/** A started push answers its `Idempotency-Key` this long. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/**
 * A key is held this long while its push is being started; an instance that died in between
 * does not block the key for a day.
 */
export const IDEMPOTENCY_PENDING_SECONDS = 60;

/** What a key held when a request claimed it. */
export type IdempotencyClaim =
  /** Nothing (or something expired): this request starts the push. */
  | { kind: 'claimed' }
  /** Another request with this key is starting its push right now. */
  | { kind: 'pending'; fingerprint: string }
  /** A push was started with this key. */
  | { kind: 'done'; fingerprint: string; pushId: string };

/**
 * Remembers, per API token and `Idempotency-Key`, which push a request started, so a client
 * that retries (a timeout, a lost answer) gets the same job instead of a second push to every
 * student. Memory and Redis implementations pass one contract suite.
 */
export interface PushIdempotency {
  /** Claims `keyId` for a request with `fingerprint`, unless a live record holds it. */
  claim(keyId: string, fingerprint: string): Promise<IdempotencyClaim>;
  /** The claimed push started: `keyId` answers with `pushId` for {@link IDEMPOTENCY_TTL_SECONDS}. */
  complete(keyId: string, fingerprint: string, pushId: string): Promise<void>;
  /** The claimed push did not start: `keyId` is free again. */
  release(keyId: string): Promise<void>;
}

/** The stored id of a key: one token's keys never meet another token's. The key is not stored. */
export function idempotencyKeyId(actor: string, key: string): string {
  return createHash('sha256').update(`${actor}\n${key}`, 'utf8').digest('hex');
}

/** What a push request asked for, so a key reused for a different push is recognised. */
export function pushFingerprint(request: PushRequest): string {
  const filter = Object.fromEntries(
    Object.entries(request.filter).sort(([a], [b]) => a.localeCompare(b)),
  );
  const confirmLineRecipients = request.options?.confirmLineRecipients;
  const canonical = JSON.stringify({
    filter,
    ja: request.message.ja,
    en: request.message.en,
    // Only when given, so the keys of pushes without it keep their fingerprints.
    ...(confirmLineRecipients === undefined ? {} : { confirmLineRecipients }),
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** An `Idempotency-Key` as clients send them (a UUID, usually): visible ASCII, at most 200. */
export function isIdempotencyKey(value: string): boolean {
  return /^[\x21-\x7e]{1,200}$/.test(value);
}
