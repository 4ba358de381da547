import { DateTime } from 'luxon';
import type { DateStyle } from '../orders/catalogue';
import type { Language } from '../i18n/language';
import { ZONE } from '../platform/clock';

/**
 * A date as a certificate prints it, in Japan time: Japanese in the Japanese era
 * (`令和8年12月1日`, the first year `令和元年`) or Gregorian (`2026年12月1日`) as the catalogue's
 * `dateStyle` says; English always Gregorian (`1 December 2026`).
 */
export function documentDate(value: string, language: Language, style: DateStyle): string {
  const time = DateTime.fromISO(value).setZone(ZONE);
  if (language === 'en') return time.setLocale('en-GB').toFormat('d LLLL yyyy');
  if (style === 'gregorian') return time.toFormat("yyyy'年'M'月'd'日'");
  return time
    .setLocale('ja-JP-u-ca-japanese')
    .toLocaleString({ era: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}
