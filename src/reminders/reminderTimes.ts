import { DateTime } from 'luxon';
import { isoJst } from '../orders/deadlines';
import { ZONE } from '../platform/clock';
import { ReminderInputError } from './errors';

/**
 * When to remind a student before a deadline (the deadline is exclusive: the first instant at
 * which it is too late).
 * - `daysBefore`: the same clock time `days` days before the deadline instant.
 * - `lastDayMorning`: `hour`:00 Japan time on the last day, the day before the deadline instant.
 */
export type ReminderOffset =
  { kind: 'daysBefore'; days: number } | { kind: 'lastDayMorning'; hour: number };

/** One reminder instant: which offset it comes from, and when (ISO, Japan time). */
export interface ReminderTime {
  offsetId: string;
  at: string;
}

/** The defaults of issue 6: two days before, and 09:00 JST on the morning of the last day. */
export const DEFAULT_REMINDER_OFFSETS: readonly ReminderOffset[] = [
  { kind: 'daysBefore', days: 2 },
  { kind: 'lastDayMorning', hour: 9 },
];

/**
 * A stable name for an offset, part of every reminder id (`${orderId}:${kind}:${offsetId}`), so it
 * never contains ':' and stays the same across restarts: `2d`, `lastDay09`.
 */
export function reminderOffsetId(offset: ReminderOffset): string {
  if (offset.kind === 'daysBefore') {
    if (!Number.isInteger(offset.days) || offset.days < 1) {
      throw new ReminderInputError('reminder offset', offset);
    }
    return `${offset.days}d`;
  }
  if (!Number.isInteger(offset.hour) || offset.hour < 0 || offset.hour > 23) {
    throw new ReminderInputError('reminder offset', offset);
  }
  return `lastDay${String(offset.hour).padStart(2, '0')}`;
}

function instantOf(deadline: DateTime, offset: ReminderOffset): DateTime {
  if (offset.kind === 'daysBefore') return deadline.minus({ days: offset.days });
  // The last day is the one holding the last instant before the deadline: for a midnight deadline
  // that is the previous calendar day, for any other time it is the deadline's own day.
  return deadline.minus({ milliseconds: 1 }).startOf('day').set({ hour: offset.hour });
}

/**
 * The reminder instants before `deadline` (ISO), oldest first; an offset whose instant is not
 * strictly before the deadline is left out. Pure: whether an instant is already past is the
 * caller's business.
 */
export function reminderTimes(
  deadline: string,
  offsets: readonly ReminderOffset[] = DEFAULT_REMINDER_OFFSETS,
): ReminderTime[] {
  const end = DateTime.fromISO(deadline, { setZone: true }).setZone(ZONE);
  if (!end.isValid) throw new ReminderInputError('deadline', deadline);
  const byId = new Map<string, DateTime>();
  for (const offset of offsets) {
    const at = instantOf(end, offset);
    if (at.toMillis() < end.toMillis()) byId.set(reminderOffsetId(offset), at);
  }
  return [...byId]
    .sort(([idA, a], [idB, b]) => a.toMillis() - b.toMillis() || idA.localeCompare(idB))
    .map(([offsetId, at]) => ({ offsetId, at: isoJst(at) }));
}

/**
 * Reads the text form of offsets, as in `REMINDER_OFFSETS`: a comma-separated list of `Nd`
 * (N days before) and `lastday@HH` (HH:00 on the last day), e.g. `2d,lastday@09`. Throws
 * {@link ReminderInputError} on anything else.
 */
export function parseReminderOffsets(text: string): ReminderOffset[] {
  const offsets = text.split(',').map((part): ReminderOffset => {
    const item = part.trim().toLowerCase();
    const days = /^(\d{1,2})d$/.exec(item);
    if (days) return { kind: 'daysBefore', days: Number(days[1]) };
    const morning = /^lastday@(\d{1,2})$/.exec(item);
    if (morning) return { kind: 'lastDayMorning', hour: Number(morning[1]) };
    throw new ReminderInputError('reminder offset', part);
  });
  // Validates each (days ≥ 1, hour 0–23).
  offsets.forEach(reminderOffsetId);
  return offsets;
}
