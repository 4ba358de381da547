import { DateTime } from 'luxon';
import { deadlineAfter, isoJst } from '../../src/orders/deadlines';
import { ReminderInputError } from '../../src/reminders/errors';
import { reminderOffsetId, reminderTimes } from '../../src/reminders/reminderTimes';

describe('reminderTimes', () => {
  it('gives the README’s example: applied 2024-01-16 15:00, deadline the 24th at midnight', () => {
    const deadline = isoJst(deadlineAfter(DateTime.fromISO('2024-01-16T15:00:00+09:00'), 7));
    expect(deadline).toBe('2024-01-24T00:00:00+09:00');
    expect(reminderTimes(deadline)).toEqual([
      { offsetId: '2d', at: '2024-01-22T00:00:00+09:00' },
      { offsetId: 'lastDay09', at: '2024-01-23T09:00:00+09:00' },
    ]);
  });

  it('crosses month and year boundaries in Japan time', () => {
    expect(reminderTimes('2024-03-01T00:00:00+09:00')).toEqual([
      { offsetId: '2d', at: '2024-02-28T00:00:00+09:00' },
      { offsetId: 'lastDay09', at: '2024-02-29T09:00:00+09:00' },
    ]);
    expect(reminderTimes('2025-01-01T00:00:00+09:00')).toEqual([
      { offsetId: '2d', at: '2024-12-30T00:00:00+09:00' },
      { offsetId: 'lastDay09', at: '2024-12-31T09:00:00+09:00' },
    ]);
  });

  it('reads a deadline given in another zone as the same instant', () => {
    expect(reminderTimes('2024-01-23T15:00:00Z')).toEqual([
      { offsetId: '2d', at: '2024-01-22T00:00:00+09:00' },
      { offsetId: 'lastDay09', at: '2024-01-23T09:00:00+09:00' },
    ]);
  });

  it('sorts by time whatever the order of the offsets, and drops duplicates', () => {
    const times = reminderTimes('2024-01-24T00:00:00+09:00', [
      { kind: 'lastDayMorning', hour: 9 },
      { kind: 'daysBefore', days: 1 },
      { kind: 'daysBefore', days: 3 },
      { kind: 'daysBefore', days: 1 },
    ]);
    expect(times).toEqual([
      { offsetId: '3d', at: '2024-01-21T00:00:00+09:00' },
      { offsetId: '1d', at: '2024-01-23T00:00:00+09:00' },
      { offsetId: 'lastDay09', at: '2024-01-23T09:00:00+09:00' },
    ]);
  });

  it('keeps the last day as the deadline day when the deadline is not at midnight', () => {
    expect(
      reminderTimes('2024-01-24T12:00:00+09:00', [{ kind: 'lastDayMorning', hour: 9 }]),
    ).toEqual([{ offsetId: 'lastDay09', at: '2024-01-24T09:00:00+09:00' }]);
  });

  it('leaves out instants that are not strictly before the deadline', () => {
    expect(
      reminderTimes('2024-01-24T09:00:00+09:00', [{ kind: 'lastDayMorning', hour: 9 }]),
    ).toEqual([]);
    expect(
      reminderTimes('2024-01-24T08:00:00+09:00', [{ kind: 'lastDayMorning', hour: 9 }]),
    ).toEqual([]);
    expect(reminderTimes('2024-01-24T00:00:00+09:00', [])).toEqual([]);
  });

  it('refuses unreadable deadlines and offsets', () => {
    expect(() => reminderTimes('not a date')).toThrow(ReminderInputError);
    expect(() => reminderOffsetId({ kind: 'daysBefore', days: 0 })).toThrow(ReminderInputError);
    expect(() => reminderOffsetId({ kind: 'daysBefore', days: 1.5 })).toThrow(ReminderInputError);
    expect(() => reminderOffsetId({ kind: 'lastDayMorning', hour: 24 })).toThrow(
      ReminderInputError,
    );
  });
});
