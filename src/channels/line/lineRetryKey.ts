import { createHash } from 'node:crypto';

/** This service's namespace for name-based UUIDs (RFC 9562 §5.5); any fixed UUID would do. */
const NAMESPACE = Buffer.from('6f1c2a4e8b3d4c5f9a7e0d1b2c3f4a5b', 'hex');

/**
 * A LINE `X-Line-Retry-Key` that is the same every time it is asked for with the same `name`
 * (a UUID version 5 of it): an instance that takes a staff push over sends each multicast again
 * with the key the first try used, so LINE answers 409 instead of delivering it twice.
 */
export function lineRetryKey(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
