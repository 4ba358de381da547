import { createHmac, timingSafeEqual } from 'node:crypto';

/** A callback older (or further in the future) than this is refused as a replay. */
export const SMARTPIT_MAX_SKEW_SECONDS = 300;

/** Why a Smart Pit callback's signature was refused. */
export type SmartPitSignatureProblem = 'missing' | 'stale' | 'mismatch';

/**
 * The callback signature: hex HMAC-SHA256 with the shared secret over
 * `${timestamp}.${rawBody}`, the timestamp being Unix seconds (header `X-SmartPit-Timestamp`).
 */
export function signSmartPitCallback(
  secret: string,
  timestamp: string,
  rawBody: Buffer | string,
): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * Checks a callback: a whole-second timestamp within {@link SMARTPIT_MAX_SKEW_SECONDS} of now
 * and a matching signature (compared in constant time). Returns the problem, or undefined.
 */
export function checkSmartPitSignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  rawBody: Buffer,
  nowSeconds: number,
): SmartPitSignatureProblem | undefined {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return 'missing';
  if (Math.abs(nowSeconds - Number(timestamp)) > SMARTPIT_MAX_SKEW_SECONDS) return 'stale';
  const expected = Buffer.from(signSmartPitCallback(secret, timestamp, rawBody), 'hex');
  const given = /^[0-9a-fA-F]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : undefined;
  return given && timingSafeEqual(expected, given) ? undefined : 'mismatch';
}
