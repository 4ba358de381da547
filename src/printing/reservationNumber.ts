import type { PrintNetwork } from '../orders/order';
import { foldTypedCode } from './foldTypedCode';
import { cryptoRandomBytes, randomCode, type RandomBytes } from './randomCode';

/** Reservation numbers are upper-case letters and digits, in both networks (`L3QP5ZYC`). */
export const RESERVATION_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** netprint (7-Eleven): 8 characters; Network Print (FamilyMart / Lawson): 10 characters. */
export const RESERVATION_NUMBER_LENGTH: Readonly<Record<PrintNetwork, number>> = {
  netprint: 8,
  networkprint: 10,
};

/** A new reservation number of the network's length, e.g. `L3QP5ZYC` or `B57LD4K9WH`. */
export function reservationNumber(
  network: PrintNetwork,
  random: RandomBytes = cryptoRandomBytes,
): string {
  return randomCode(RESERVATION_ALPHABET, RESERVATION_NUMBER_LENGTH[network], random);
}

/** What a copier user typed, folded (full-width, lower case, separators); may still be invalid. */
export function normalizeReservationNumber(text: string): string {
  return foldTypedCode(text);
}

/** The network whose numbers have this many characters, if any. */
export function networkOfLength(length: number): PrintNetwork | undefined {
  return (Object.keys(RESERVATION_NUMBER_LENGTH) as PrintNetwork[]).find(
    (network) => RESERVATION_NUMBER_LENGTH[network] === length,
  );
}

/**
 * The reservation number in `text` (normalised), or undefined when it is not one: wrong
 * characters, or a length no network uses (or not `network`'s length, when given).
 */
export function parseReservationNumber(text: string, network?: PrintNetwork): string | undefined {
  const number = normalizeReservationNumber(text);
  if (!/^[A-Z0-9]+$/.test(number)) return undefined;
  const of = networkOfLength(number.length);
  if (!of || (network && of !== network)) return undefined;
  return number;
}

/** Whether `text` is (after folding) a reservation number, of `network` when given. */
export function isReservationNumber(text: string, network?: PrintNetwork): boolean {
  return parseReservationNumber(text, network) !== undefined;
}
