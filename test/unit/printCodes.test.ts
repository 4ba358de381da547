import { holderInitials } from '../../src/printing/holderInitials';
import { randomCode } from '../../src/printing/randomCode';
import {
  isReservationNumber,
  parseReservationNumber,
  RESERVATION_ALPHABET,
  reservationNumber,
} from '../../src/printing/reservationNumber';
import {
  parseVerificationCode,
  VERIFICATION_ALPHABET,
  verificationCode,
} from '../../src/printing/verificationCode';

/** A random source that hands out `bytes` in order (and fails loudly when they run out). */
function scripted(bytes: number[]): (size: number) => Uint8Array {
  let at = 0;
  return (size) => {
    if (at >= bytes.length) throw new Error('scripted random source exhausted');
    const out = Uint8Array.from(bytes.slice(at, at + size));
    at += size;
    return out;
  };
}

describe('reservation numbers', () => {
  const DRAWS = 3000;

  it.each([
    ['netprint', 8],
    ['networkprint', 10],
  ] as const)(
    '%s numbers have %i upper-case letters and digits, and use the whole alphabet',
    (network, length) => {
      const seen = new Set<string>();
      for (let i = 0; i < DRAWS; i++) {
        const number = reservationNumber(network);
        expect(number).toMatch(new RegExp(`^[A-Z0-9]{${length}}$`));
        for (const c of number) seen.add(c);
      }
      expect([...seen].sort().join('')).toBe([...RESERVATION_ALPHABET].sort().join(''));
    },
  );

  it('maps every byte below 252 to one character, each character exactly 7 times (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const bytes = Array.from({ length: 256 }, (_, i) => i);
    // 252 usable bytes, 4 rejected: 252 characters come out of 256 bytes.
    const code = randomCode(RESERVATION_ALPHABET, 252, scripted(bytes));
    for (const c of code) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(36);
    expect(new Set(counts.values())).toEqual(new Set([7]));
  });

  it('throws away the bytes 252-255 instead of folding them onto the first letters', () => {
    const number = reservationNumber(
      'netprint',
      scripted([252, 253, 254, 255, 0, 1, 2, 3, 4, 5, 6, 35]),
    );
    expect(number).toBe('ABCDEFG9');
  });

  it.each([
    ['L3QP5ZYC', 'netprint', 'L3QP5ZYC'],
    ['B57LD4K9WH', 'networkprint', 'B57LD4K9WH'],
    ['  l3qp5zyc ', 'netprint', 'L3QP5ZYC'],
    ['Ｌ３ＱＰ５ＺＹＣ', 'netprint', 'L3QP5ZYC'],
    ['ｂ５７ｌｄ４ｋ９ｗｈ', 'networkprint', 'B57LD4K9WH'],
    ['L3QP-5ZYC', 'netprint', 'L3QP5ZYC'],
    ['L3QP　5ZYC', 'netprint', 'L3QP5ZYC'],
    ['B57LD ー 4K9WH', 'networkprint', 'B57LD4K9WH'],
  ] as const)('reads %j as the %s number %s', (typed, network, expected) => {
    expect(parseReservationNumber(typed)).toBe(expected);
    expect(parseReservationNumber(typed, network)).toBe(expected);
    expect(isReservationNumber(typed, network)).toBe(true);
  });

  it.each(['', 'L3QP5ZY', 'L3QP5ZYC1', 'L3QP5ZY!', 'L3QP5ZYÇ', 'B57LD4K9WHX', 'ああああああああ'])(
    'refuses %j',
    (typed) => {
      expect(isReservationNumber(typed)).toBe(false);
      expect(parseReservationNumber(typed)).toBeUndefined();
    },
  );

  it('refuses a number of the other network when a network is given', () => {
    expect(isReservationNumber('L3QP5ZYC', 'networkprint')).toBe(false);
    expect(isReservationNumber('B57LD4K9WH', 'netprint')).toBe(false);
    expect(isReservationNumber('L3QP5ZYC')).toBe(true);
  });
});

describe('verification codes', () => {
  it('are 12 unambiguous characters in three groups of four', () => {
    const pattern = new RegExp(
      `^[${VERIFICATION_ALPHABET}]{4}-[${VERIFICATION_ALPHABET}]{4}-[${VERIFICATION_ALPHABET}]{4}$`,
    );
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = verificationCode();
      expect(code).toMatch(pattern);
      seen.add(code);
    }
    expect(seen.size).toBe(2000);
    expect(VERIFICATION_ALPHABET).toHaveLength(32);
    expect(VERIFICATION_ALPHABET).not.toMatch(/[01IO]/);
  });

  it('reads typed codes back in the canonical form', () => {
    expect(parseVerificationCode('7kqm-2xhd-pw9r')).toBe('7KQM-2XHD-PW9R');
    expect(parseVerificationCode('７ＫＱＭ２ＸＨＤＰＷ９Ｒ')).toBe('7KQM-2XHD-PW9R');
    expect(parseVerificationCode(' 7KQM 2XHD PW9R ')).toBe('7KQM-2XHD-PW9R');
    expect(parseVerificationCode('7KQM-2XHD-PW9')).toBeUndefined();
    expect(parseVerificationCode('0KQM-2XHD-PW9R')).toBeUndefined();
    expect(parseVerificationCode('<script>')).toBeUndefined();
  });
});

describe('holder initials', () => {
  it.each([
    ['Taro Kyodai', 'T. K.'],
    ['Kōno Tarō', 'K. T.'],
    ['  hanako   yamada-smith ', 'H. Y. S.'],
    ['', ''],
  ])('%j → %j', (name, initials) => {
    expect(holderInitials(name)).toBe(initials);
  });
});
