import { randomBytes } from 'node:crypto';

/** A source of random bytes; crypto by default, scripted in tests (e.g. to force collisions). */
export type RandomBytes = (size: number) => Uint8Array;

export const cryptoRandomBytes: RandomBytes = (size) => randomBytes(size);

/**
 * `length` characters drawn uniformly from `alphabet`. Bytes at or above the largest multiple
 * of the alphabet's size are thrown away (rejection sampling): `byte % size` alone would make
 * the first characters of the alphabet more likely than the others.
 */
export function randomCode(
  alphabet: string,
  length: number,
  random: RandomBytes = cryptoRandomBytes,
): string {
  const size = alphabet.length;
  if (size < 2 || size > 256) throw new RangeError(`alphabet of ${size} characters`);
  const limit = 256 - (256 % size);
  let code = '';
  while (code.length < length) {
    // Exactly as many bytes as characters missing: a scripted source then maps one to one.
    const bytes = random(length - code.length);
    if (bytes.length === 0) throw new RangeError('the random source gave no bytes');
    for (const byte of bytes) {
      if (byte < limit) code += alphabet[byte % size];
    }
  }
  return code;
}
