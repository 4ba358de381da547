import { foldTypedCode } from './foldTypedCode';
import { cryptoRandomBytes, randomCode, type RandomBytes } from './randomCode';

/**
 * Letters and digits a reader cannot confuse when typing a code off paper: no 0 or O, no 1 or I. Its
 * 32 characters make every byte usable, and 12 of them carry 60 random bits.
 */
export const VERIFICATION_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

const GROUP = 4;
const GROUPS = 3;

/** A new verification code printed on a certificate, e.g. `7KQM-2XHD-PW9R`. */
export function verificationCode(random: RandomBytes = cryptoRandomBytes): string {
  const raw = randomCode(VERIFICATION_ALPHABET, GROUP * GROUPS, random);
  return raw.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

/**
 * A typed or linked code in its canonical `XXXX-XXXX-XXXX` form (full-width and lower case
 * folded, spaces and hyphens anywhere), or undefined when it cannot be one.
 */
export function parseVerificationCode(text: string): string | undefined {
  const raw = foldTypedCode(text);
  if (raw.length !== GROUP * GROUPS) return undefined;
  if ([...raw].some((c) => !VERIFICATION_ALPHABET.includes(c))) return undefined;
  return raw.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}
