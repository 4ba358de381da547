import { randomInt } from 'node:crypto';

/** Letters and digits a student can read out on the phone without confusion (no 0/O, 1/I/L). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random order id such as `K7Q2M9XH4T`: ten characters, about 49 bits, upper case. */
export function newOrderId(): string {
  let id = '';
  for (let i = 0; i < 10; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
