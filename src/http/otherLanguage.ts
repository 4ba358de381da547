import type { Language } from '../i18n/language';
import { html, type SafeHtml } from './html';

/** The language a page's switch link offers: the one not being read. */
export function otherLanguage(language: Language): Language {
  return language === 'ja' ? 'en' : 'ja';
}

/** `path` in the other language: `<path>?lng=<other>`. */
export function switchHref(path: string, current: Language): string {
  return `${path}?lng=${otherLanguage(current)}`;
}

/** The switch link at the top of a page (`#switch-language`), labelled in the page's language. */
export function languageSwitch(current: Language, href: string, label: string): SafeHtml {
  return html`<a class="lang" id="switch-language" href="${href}" lang="${otherLanguage(current)}">${label}</a>`;
}
