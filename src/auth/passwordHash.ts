import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { InvalidPasswordHashError } from './errors';

/** scrypt's cost parameters: CPU/memory cost `N` (a power of two), block size `r`, parallelism `p`. */
export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/** About 32 MiB and a few tens of milliseconds per check: slow for guessing, fine for a login. */
export const DEFAULT_SCRYPT: ScryptParameters = { N: 32768, r: 8, p: 1 };

/** A parsed `scrypt$N$r$p$saltB64$hashB64`. */
export interface PasswordHash {
  params: ScryptParameters;
  salt: Buffer;
  hash: Buffer;
}

const SALT_BYTES = 16;
const HASH_BYTES = 32;
// Bounds keep a mistyped file from asking for gigabytes of memory at the first login.
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads the text form of a password hash; throws {@link InvalidPasswordHashError}. */
export function parsePasswordHash(encoded: string): PasswordHash {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    throw new InvalidPasswordHashError('expected scrypt$N$r$p$salt$hash');
  }
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN));
  checkParameters({ N, r, p });
  const [salt, hash] = parts.slice(4).map((part) => {
    if (!BASE64.test(part)) throw new InvalidPasswordHashError('salt and hash must be base64');
    return Buffer.from(part, 'base64');
  });
  if (salt.length < 16) throw new InvalidPasswordHashError('the salt must be at least 16 bytes');
  if (hash.length < 16 || hash.length > 128) {
    throw new InvalidPasswordHashError('the hash must be 16 to 128 bytes');
  }
  return { params: { N, r, p }, salt, hash };
}

/** Throws {@link InvalidPasswordHashError} for parameters a directory would refuse to load. */
export function checkParameters({ N, r, p }: ScryptParameters): void {
  if (!(N >= 1024 && N <= 1048576 && (N & (N - 1)) === 0)) {
    throw new InvalidPasswordHashError('N must be a power of two from 1024 to 1048576');
  }
  if (!(r >= 1 && r <= 32)) throw new InvalidPasswordHashError('r must be from 1 to 32');
  if (!(p >= 1 && p <= 16)) throw new InvalidPasswordHashError('p must be from 1 to 16');
  if (128 * N * r > MAX_MEMORY_BYTES) {
    throw new InvalidPasswordHashError('N × r asks for more than 256 MiB of memory');
  }
}

/** Hashes a password with a fresh random salt, in the text form the directory file stores. */
export async function hashPassword(
  password: string,
  params: ScryptParameters = DEFAULT_SCRYPT,
): Promise<string> {
  checkParameters(params);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, { params, salt, hash: Buffer.alloc(HASH_BYTES) });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Whether `password` matches; the comparison takes the same time wherever the bytes differ. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const derived = await derive(password, stored);
  return timingSafeEqual(derived, stored.hash);
}

/** A hash no password matches, with the cost of `like`: checked for unknown IDs, for even timing. */
export function unmatchablePasswordHash(like: PasswordHash): PasswordHash {
  return {
    params: like.params,
    salt: randomBytes(like.salt.length),
    hash: randomBytes(like.hash.length),
  };
}

function derive(password: string, { params, salt, hash }: PasswordHash): Promise<Buffer> {
  const { N, r, p } = params;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, hash.length, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}
