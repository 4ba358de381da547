import { DateTime } from 'luxon';
import { ZONE } from '../platform/clock';
import type { Language } from './language';

/**
 * An exact date and time in Japan time, as a student reads it:
 * ja `2024年1月23日(火) 23:59`, en `Tue 23 Jan 2024, 23:59 JST`.
 */
export function formatDateTime(value: string | DateTime, language: Language): string {
  const time = (typeof value === 'string' ? DateTime.fromISO(value) : value).setZone(ZONE);
  return language === 'ja'
    ? time.setLocale('ja').toFormat('yyyy年M月d日(ccc) HH:mm')
    : `${time.setLocale('en').toFormat('ccc d LLL yyyy, HH:mm')} JST`;
}
