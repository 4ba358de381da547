import { isLanguage, languageFromLocale, type Language } from '../i18n/language';

/** A page's language: `?lng=` when given, else the browser's first Accept-Language. */
export function requestLanguage(query: unknown, acceptLanguage: string | undefined): Language {
  const asked = new URLSearchParams(typeof query === 'string' ? query : '').get('lng');
  if (isLanguage(asked)) return asked;
  return languageFromLocale(acceptLanguage?.split(',')[0]);
}
