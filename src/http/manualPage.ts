import type { Texts } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import { html } from './html';
import { htmlPage } from './htmlPage';
import { otherLanguage } from './otherLanguage';

/** The operating manual, from `locales/<lng>/manual.json`, with the university's phone number. */
export function renderManualPage(texts: Texts, language: Language, phone: string): string {
  const t = texts.t(language, 'manual');
  const items = (key: string) =>
    texts.raw<string[]>(language, key, 'manual').map((item) => html`<li>${item}</li>`);
  const other = otherLanguage(language);
  return htmlPage(
    language,
    t('title'),
    html`<a class="lang" href="/manual?lng=${other}" lang="${other}">${t('otherLanguage')}</a>
<h1>${t('title')}</h1>
<p>${t('intro')}</p>
<h2>${t('stepsTitle')}</h2>
<ol>${items('steps')}</ol>
<h2>${t('rulesTitle')}</h2>
<ul>${items('rules')}</ul>
<h2>${t('contactTitle')}</h2>
<p>${t('callCenter', { phone })}</p>
<p>${t('sealedEnvelope')}</p>
<p><a href="/">${t('backToChat')}</a></p>`,
  );
}
