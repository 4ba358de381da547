import type { Texts } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import { escapeHtml, htmlPage } from './html';

/** The operating manual, from `locales/<lng>/manual.json`, with the university's phone number. */
export function renderManualPage(texts: Texts, language: Language, phone: string): string {
  const t = texts.t(language, 'manual');
  const list = (key: string, tag: 'ol' | 'ul') =>
    `<${tag}>${texts
      .raw<string[]>(language, key, 'manual')
      .map((item) => `<li>${escapeHtml(item)}</li>`)
      .join('')}</${tag}>`;
  const other = language === 'ja' ? 'en' : 'ja';
  return htmlPage(
    language,
    t('title'),
    `<a class="lang" href="/manual?lng=${other}" lang="${other}">${escapeHtml(t('otherLanguage'))}</a>
<h1>${escapeHtml(t('title'))}</h1>
<p>${escapeHtml(t('intro'))}</p>
<h2>${escapeHtml(t('stepsTitle'))}</h2>
${list('steps', 'ol')}
<h2>${escapeHtml(t('rulesTitle'))}</h2>
${list('rules', 'ul')}
<h2>${escapeHtml(t('contactTitle'))}</h2>
<p>${escapeHtml(t('callCenter', { phone }))}</p>
<p>${escapeHtml(t('sealedEnvelope'))}</p>
<p><a href="/">${escapeHtml(t('backToChat'))}</a></p>`,
  );
}
