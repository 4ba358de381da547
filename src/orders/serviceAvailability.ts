import { DateTime } from 'luxon';
import type { Catalogue, ClosedWindow, LocalizedText } from './catalogue';
import { isoJst } from './deadlines';

/** Whether new orders are taken now, and if not, when they are again. */
export type ServiceAvailability =
  { open: true } | { open: false; reopensAt: string; reason?: LocalizedText };

/**
 * Checks the catalogue's closures and maintenance windows at `now`. Windows that overlap or
 * touch are one closed period: the service reopens at the end of the last of them, so the
 * student is never told a time at which it is still closed.
 */
export function serviceAvailability(catalogue: Catalogue, now: DateTime): ServiceAvailability {
  const windows = [...catalogue.closures, ...catalogue.maintenance].map((window) => ({
    window,
    from: DateTime.fromISO(window.from).toMillis(),
    to: DateTime.fromISO(window.to).toMillis(),
  }));
  const at = now.toMillis();
  const current = windows.filter((w) => w.from <= at && at < w.to);
  if (current.length === 0) return { open: true };
  let reopens = Math.max(...current.map((w) => w.to));
  for (let extended = true; extended;) {
    extended = false;
    for (const w of windows) {
      if (w.from <= reopens && reopens < w.to) {
        reopens = w.to;
        extended = true;
      }
    }
  }
  const reason = current.map((w) => w.window).find((w: ClosedWindow) => w.reason)?.reason;
  const reopensAt = isoJst(DateTime.fromMillis(reopens));
  return { open: false, reopensAt, ...(reason ? { reason } : {}) };
}
