import { DateTime } from 'luxon';
import { escapeHtml, htmlPage } from '../http/html';
import { formatDateTime } from '../i18n/formatDateTime';
import type { Texts, Translate } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import type { PrintNetwork } from '../orders/order';
import type { IssuedCertificate } from './printJobStore';
import { RESERVATION_NUMBER_LENGTH } from './reservationNumber';
import { EXAMPLE_NUMBERS, STORE_IDS, STORES, type StoreId } from './stores';

/** Why the copier did not print: what the user typed, or a request we could not serve. */
export type CopierProblem =
  | { kind: 'empty' | 'characters' | 'unknown' | 'badRequest' | 'error' }
  | { kind: 'wrongLength'; entered: number }
  | { kind: 'otherNetwork'; network: PrintNetwork }
  | { kind: 'expired'; printDeadline: string };

/** The base path of the simulator; `/store/<store>` is one store's copier. */
export const STORE_PATH = '/store';

/**
 * The store-copier simulator's pages and the public verification page, from
 * `locales/<lng>/store.json`. Every interpolated value is escaped.
 */
export class StorePages {
  constructor(private readonly texts: Texts) {}

  /** Choose 7-Eleven, FamilyMart or Lawson. */
  picker(language: Language): string {
    const t = this.t(language);
    const items = STORE_IDS.map((store) => {
      const network = STORES[store];
      const hint = t('picker.storeHint', {
        network: t(`networks.${network}`),
        length: RESERVATION_NUMBER_LENGTH[network],
      });
      return `<li><a class="store-link" id="store-${store}" href="${storeHref(store, language)}">${escapeHtml(t(`stores.${store}`))}<span class="store-hint">${escapeHtml(hint)}</span></a></li>`;
    }).join('\n');
    return this.page(
      language,
      t('title'),
      `${STORE_PATH}?lng=${other(language)}`,
      `<h1>${escapeHtml(t('picker.heading'))}</h1>
<p>${escapeHtml(t('picker.lead'))}</p>
<ul class="store-list">
${items}
</ul>`,
    );
  }

  /** The copier screen: a big reservation-number field and a Print button. */
  copier(language: Language, store: StoreId, entered = '', problem?: CopierProblem): string {
    const t = this.t(language);
    const network = STORES[store];
    const storeName = t(`stores.${store}`);
    const alert = problem
      ? `<p class="error" id="problem" role="alert" data-problem="${problem.kind}">${escapeHtml(this.problemText(language, store, problem))}</p>`
      : '';
    return this.page(
      language,
      t('title'),
      storeHref(store, other(language)),
      `<div class="copier" data-network="${network}">
<p class="copier-brand">${escapeHtml(storeName)} · ${escapeHtml(t(`networks.${network}`))}</p>
<h1>${escapeHtml(t('copier.heading', { store: storeName }))}</h1>
<p>${escapeHtml(t('copier.lead'))}</p>
<form method="post" action="${STORE_PATH}/${store}" class="copier-form">
<input type="hidden" name="lng" value="${language}">
<label for="number">${escapeHtml(t('copier.label'))}</label>
<input id="number" name="number" type="text" class="reservation-input" value="${escapeHtml(entered)}" maxlength="32" autocomplete="off" autocapitalize="characters" autocorrect="off" spellcheck="false" aria-describedby="number-hint" required>
<p id="number-hint" class="hint">${escapeHtml(t('copier.hint', { length: RESERVATION_NUMBER_LENGTH[network], example: EXAMPLE_NUMBERS[network] }))}</p>
${alert}
<button type="submit" id="print" class="copier-print">${escapeHtml(t('copier.button'))}</button>
</form>
</div>
<p class="hint">${escapeHtml(t('demoNote'))}</p>
<p><a id="choose-store" href="${STORE_PATH}?lng=${language}">${escapeHtml(t('copier.chooseStore'))}</a></p>`,
    );
  }

  /** "Printed", with the link to the document and back to the copier. */
  printed(language: Language, store: StoreId, number: string): string {
    const t = this.t(language);
    return this.page(
      language,
      t('title'),
      storeHref(store, other(language)),
      `<div class="copier" data-network="${STORES[store]}">
<p class="copier-brand">${escapeHtml(t(`stores.${store}`))} · ${escapeHtml(t(`networks.${STORES[store]}`))}</p>
<h1 id="printed">${escapeHtml(t('printed.heading'))}</h1>
<p>${escapeHtml(t('printed.body'))}</p>
<p class="reservation-number" id="number">${escapeHtml(number)}</p>
<p><a id="document" href="${documentHref(number)}" target="_blank" rel="noopener">${escapeHtml(t('printed.document'))}</a></p>
</div>
<p><a id="again" href="${storeHref(store, language)}">${escapeHtml(t('printed.again'))}</a></p>`,
    );
  }

  /** An unknown store, or a document that does not exist or was not printed yet. */
  notFound(language: Language, switchHref: string): string {
    const t = this.t(language);
    return this.page(
      language,
      t('title'),
      switchHref,
      `<h1 id="not-found">${escapeHtml(t('notFound.heading'))}</h1>
<p>${escapeHtml(t('notFound.body'))}</p>
<p><a href="${STORE_PATH}?lng=${language}">${escapeHtml(t('notFound.back'))}</a></p>`,
    );
  }

  /** Something failed on our side; nothing was printed. */
  error(language: Language): string {
    const t = this.t(language);
    return this.page(
      language,
      t('title'),
      `${STORE_PATH}?lng=${other(language)}`,
      `<h1 id="problem" data-problem="error">${escapeHtml(t('title'))}</h1>
<p class="error">${escapeHtml(t('problem.error'))}</p>
<p><a href="${STORE_PATH}?lng=${language}">${escapeHtml(t('notFound.back'))}</a></p>`,
    );
  }

  /**
   * Too many numbers, documents (`copier`) or codes (`verify`) from this client: when it may try
   * again, rounded up to whole minutes (the exact seconds go in `Retry-After`).
   */
  tooMany(
    language: Language,
    page: 'copier' | 'verify',
    retryAfterSeconds: number,
    switchHref: string,
  ): string {
    const t = this.t(language);
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    const back =
      page === 'copier'
        ? `\n<p><a href="${STORE_PATH}?lng=${language}">${escapeHtml(t('notFound.back'))}</a></p>`
        : '';
    return this.page(
      language,
      t(page === 'copier' ? 'title' : 'verify.title'),
      switchHref,
      `<h1 id="too-many">${escapeHtml(t('tooMany.heading'))}</h1>
<p class="error" role="alert">${escapeHtml(t('tooMany.body', { minutes }))}</p>${back}`,
    );
  }

  /** The public facts of a certificate found by its verification code. */
  verified(language: Language, certificate: IssuedCertificate, switchHref: string): string {
    const t = this.t(language);
    const row = (id: string, label: string, values: string[]) =>
      `<dt>${escapeHtml(label)}</dt>${values.map((v) => `<dd id="${id}">${escapeHtml(v)}</dd>`).join('')}`;
    return this.page(
      language,
      t('verify.title'),
      switchHref,
      `<h1 id="verified">${escapeHtml(t('verify.heading'))}</h1>
<p>${escapeHtml(t('verify.lead', { code: certificate.verificationCode }))}</p>
<dl class="facts">
${row('certificate', t('verify.certificate'), certificate.titles)}
${row('order', t('verify.orderId'), [certificate.orderId])}
${row('issued', t('verify.issuedAt'), [formatDateTime(certificate.issuedAt, language)])}
${row('holder', t('verify.holder'), [certificate.holderInitials])}
</dl>
<p class="note">${escapeHtml(t('verify.compare'))}</p>`,
    );
  }

  /** No certificate has this code (or its verification period ended). */
  notVerified(language: Language, switchHref: string): string {
    const t = this.t(language);
    return this.page(
      language,
      t('verify.title'),
      switchHref,
      `<h1 id="not-verified">${escapeHtml(t('verify.notFoundHeading'))}</h1>
<p>${escapeHtml(t('verify.notFoundBody'))}</p>`,
    );
  }

  private problemText(language: Language, store: StoreId, problem: CopierProblem): string {
    const t = this.t(language);
    switch (problem.kind) {
      case 'wrongLength':
        return t('problem.wrongLength', {
          store: t(`stores.${store}`),
          length: RESERVATION_NUMBER_LENGTH[STORES[store]],
          entered: problem.entered,
        });
      case 'otherNetwork':
        return t(`problem.otherNetwork.${problem.network}`);
      case 'expired': {
        // The deadline is the midnight that ends the last day; show that day's 23:59.
        const last = DateTime.fromISO(problem.printDeadline).minus({ seconds: 1 });
        return t('problem.expired', { deadline: formatDateTime(last, language) });
      }
      default:
        return t(`problem.${problem.kind}`);
    }
  }

  private t(language: Language): Translate {
    return this.texts.t(language, 'store');
  }

  private page(language: Language, title: string, switchHref: string, body: string): string {
    const t = this.t(language);
    return htmlPage(
      language,
      title,
      `<a class="lang" id="switch-language" href="${escapeHtml(switchHref)}" lang="${other(language)}">${escapeHtml(t('otherLanguage'))}</a>
${body}`,
    );
  }
}

export function other(language: Language): Language {
  return language === 'ja' ? 'en' : 'ja';
}

export function storeHref(store: StoreId, language: Language): string {
  return `${STORE_PATH}/${store}?lng=${language}`;
}

export function documentHref(number: string): string {
  return `${STORE_PATH}/document/${encodeURIComponent(number)}`;
}
