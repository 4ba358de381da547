import { Texts } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';

let loaded: Promise<Texts> | undefined;

/** The real locale files, loaded once per test file. */
export function loadTexts(): Promise<Texts> {
  loaded ??= Texts.load();
  return loaded;
}

/** A translation from the real locale files, so tests never copy a sentence. */
export async function tr(
  language: Language,
  key: string,
  args?: Record<string, string | number>,
): Promise<string> {
  return (await loadTexts()).t(language)(key, args);
}
