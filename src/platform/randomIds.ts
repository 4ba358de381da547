import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the system's CSPRNG at a time (as Node does for `randomUUID`). */
const POOL_BYTES = 4096;

let pool = Buffer.alloc(0);
let offset = 0;

/**
 * A random id of `bytes` bytes from the CSPRNG, as hex or base64url, for ids that are made
 * several times a turn (queue entries, lock tokens, eTags) and need only be unique and
 * unguessable. The bytes come from a pool filled 4 KB at a time, each byte handed out once:
 * `randomBytes(9)` would call into the CSPRNG and allocate a buffer for every id, which
 * profiling showed as 2 % of a LINE turn. Secrets that are handed to people (login, email and
 * session tokens) keep their own `randomBytes` call.
 */
export function randomId(bytes: number, encoding: 'hex' | 'base64url'): string {
  if (!Number.isInteger(bytes) || bytes <= 0 || bytes > POOL_BYTES) {
    throw new RangeError(`randomId: bytes must be a whole number from 1 to ${POOL_BYTES}.`);
  }
  if (offset + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const id = pool.toString(encoding, offset, offset + bytes);
  offset += bytes;
  return id;
}
