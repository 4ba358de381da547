/** The languages the service speaks. Japanese first: it is the default for a Japanese university. */
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'ja';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Maps a platform locale ("ja-JP", "en_US", "en", "zh-TW", undefined) to a language we speak:
 * English for any English locale, Japanese otherwise (the university's own language).
 */
export function languageFromLocale(locale: string | undefined | null): Language {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : DEFAULT_LANGUAGE;
}
