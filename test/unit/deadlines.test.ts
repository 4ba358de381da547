import { DateTime } from 'luxon';
import { deadlineAfter, isPast, orderDeadlines } from '../../src/orders/deadlines';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });
const deadline = (applied: string, days = 7) => deadlineAfter(at(applied), days).toISO();

describe('deadlineAfter', () => {
  it('gives the README’s example: applied 2024-01-16 15:00 JST → 2024-01-24 00:00 JST', () => {
    expect(deadline('2024-01-16T15:00:00+09:00')).toBe('2024-01-24T00:00:00.000+09:00');
  });

  it.each([
    ['a month boundary', '2024-01-28T10:00:00+09:00', '2024-02-05T00:00:00.000+09:00'],
    ['a year boundary', '2024-12-28T09:30:00+09:00', '2025-01-05T00:00:00.000+09:00'],
    ['a leap February', '2024-02-25T12:00:00+09:00', '2024-03-04T00:00:00.000+09:00'],
    ['a common February', '2025-02-25T12:00:00+09:00', '2025-03-05T00:00:00.000+09:00'],
    ['the first instant of a day', '2024-01-16T00:00:00+09:00', '2024-01-24T00:00:00.000+09:00'],
    ['the last second of a day', '2024-01-16T23:59:59+09:00', '2024-01-24T00:00:00.000+09:00'],
  ])('crosses %s', (_what, applied, expected) => {
    expect(deadline(applied)).toBe(expected);
  });

  it('takes the day in Japan time when the application time is given in UTC', () => {
    // 2024-01-16T15:30Z is already 2024-01-17 00:30 in Tokyo.
    expect(deadline('2024-01-16T15:30:00Z')).toBe('2024-01-25T00:00:00.000+09:00');
    // 2024-01-16T14:59:59Z is still the 16th in Tokyo.
    expect(deadline('2024-01-16T14:59:59Z')).toBe('2024-01-24T00:00:00.000+09:00');
  });

  it('honours other day counts from the catalogue', () => {
    expect(deadline('2024-01-16T15:00:00+09:00', 0)).toBe('2024-01-17T00:00:00.000+09:00');
    expect(
      orderDeadlines(at('2024-01-16T15:00:00+09:00'), { paymentDays: 3, printDays: 7 }),
    ).toEqual({
      paymentDeadline: '2024-01-20T00:00:00+09:00',
      printDeadline: '2024-01-24T00:00:00+09:00',
    });
  });
});

describe('isPast', () => {
  const limit = '2024-01-24T00:00:00+09:00';

  it('is false up to the last second of the 23rd and true from midnight on', () => {
    expect(isPast(limit, at('2024-01-23T23:59:59.999+09:00'))).toBe(false);
    expect(isPast(limit, at('2024-01-24T00:00:00+09:00'))).toBe(true);
    expect(isPast(limit, at('2024-01-24T00:00:01+09:00'))).toBe(true);
  });

  it('compares instants, whatever zone each side is written in', () => {
    expect(isPast(limit, at('2024-01-23T14:59:59Z'))).toBe(false);
    expect(isPast(limit, at('2024-01-23T15:00:00Z'))).toBe(true);
    expect(isPast(at(limit), at('2024-01-23T15:00:00Z'))).toBe(true);
  });
});
