import { DateTime } from 'luxon';
import { html, joinHtml, type SafeHtml } from '../http/html';
import { htmlPage } from '../http/htmlPage';
import { languageSwitch, otherLanguage, switchHref } from '../http/otherLanguage';
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
 * `locales/<lng>/store.json`. Every interpolated value is escaped by the `html` tag.
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
      return html`<li><a class="store-link" id="store-${store}" href="${storeHref(store, language)}">${t(`stores.${store}`)}<span class="store-hint">${hint}</span></a></li>`;
    });
    return this.page(
      language,
      t('title'),
      switchHref(STORE_PATH, language),
      html`<h1>${t('picker.heading')}</h1>
<p>${t('picker.lead')}</p>
<ul class="store-list">
${joinHtml(items, '\n')}
</ul>`,
    );
  }

  /** The copier screen: a big reservation-number field and a Print button. */
  copier(language: Language, store: StoreId, entered = '', problem?: CopierProblem): string {
    const t = this.t(language);
    const network = STORES[store];
    const storeName = t(`stores.${store}`);
    const alert = problem
      ? html`<p class="error" id="problem" role="alert" data-problem="${problem.kind}">${this.problemText(language, store, problem)}</p>`
      : '';
    return this.page(
      language,
      t('title'),
      storeHref(store, otherLanguage(language)),
      html`<div class="copier" data-network="${network}">
<p class="copier-brand">${storeName} · ${t(`networks.${network}`)}</p>
<h1>${t('copier.heading', { store: storeName })}</h1>
<p>${t('copier.lead')}</p>
<form method="post" action="${STORE_PATH}/${store}" class="copier-form">
<input type="hidden" name="lng" value="${language}">
<label for="number">${t('copier.label')}</label>
<input id="number" name="number" type="text" class="reservation-input" value="${entered}" maxlength="32" autocomplete="off" autocapitalize="characters" autocorrect="off" spellcheck="false" aria-describedby="number-hint" required>
<p id="number-hint" class="hint">${t('copier.hint', { length: RESERVATION_NUMBER_LENGTH[network], example: EXAMPLE_NUMBERS[network] })}</p>
${alert}
<button type="submit" id="print" class="copier-print">${t('copier.button')}</button>
</form>
</div>
<p class="hint">${t('demoNote')}</p>
<p><a id="choose-store" href="${STORE_PATH}?lng=${language}">${t('copier.chooseStore')}</a></p>`,
    );
  }

  /** "Printed", with the link to the document and back to the copier. */
  printed(language: Language, store: StoreId, number: string): string {
    const t = this.t(language);
    return this.page(
      language,
      t('title'),
      storeHref(store, otherLanguage(language)),
      html`<div class="copier" data-network="${STORES[store]}">
<p class="copier-brand">${t(`stores.${store}`)} · ${t(`networks.${STORES[store]}`)}</p>
<h1 id="printed">${t('printed.heading')}</h1>
<p>${t('printed.body')}</p>
<p class="reservation-number" id="number">${number}</p>
<p><a id="document" href="${documentHref(number)}" target="_blank" rel="noopener">${t('printed.document')}</a></p>
</div>
<p><a id="again" href="${storeHref(store, language)}">${t('printed.again')}</a></p>`,
    );
  }

  /** An unknown store, or a document that does not exist or was not printed yet. */
  notFound(language: Language, switchHref: string): string {
    const t = this.t(language);
    return this.page(
      language,
      t('title'),
      switchHref,
      html`<h1 id="not-found">${t('notFound.heading')}</h1>
<p>${t('notFound.body')}</p>
<p><a href="${STORE_PATH}?lng=${language}">${t('notFound.back')}</a></p>`,
    );
  }

  /** Something failed on our side; nothing was printed. */
  error(language: Language): string {
    const t = this.t(language);
    return this.page(
      language,
      t('title'),
      switchHref(STORE_PATH, language),
      html`<h1 id="problem" data-problem="error">${t('title')}</h1>
<p class="error">${t('problem.error')}</p>
<p><a href="${STORE_PATH}?lng=${language}">${t('notFound.back')}</a></p>`,
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
        ? html`\n<p><a href="${STORE_PATH}?lng=${language}">${t('notFound.back')}</a></p>`
        : '';
    return this.page(
      language,
      t(page === 'copier' ? 'title' : 'verify.title'),
      switchHref,
      html`<h1 id="too-many">${t('tooMany.heading')}</h1>
<p class="error" role="alert">${t('tooMany.body', { minutes })}</p>${back}`,
    );
  }

  /**
   * The public facts of a certificate found by its verification code: that it is genuine, each
   * certificate's type and language, the holder's name partly hidden, when it was issued and
   * whether it is still valid at `now`. A certificate stored before these facts were kept shows
   * its English titles and the holder's initials.
   */
  verified(
    language: Language,
    certificate: IssuedCertificate,
    switchHref: string,
    now: DateTime,
  ): string {
    const t = this.t(language);
    const row = (id: string, label: string, values: string[]) =>
      html`<dt>${label}</dt>${values.map((v) => html`<dd id="${id}">${v}</dd>`)}`;
    const certificates = certificate.documents
      ? certificate.documents.map(({ name, language: printed }) =>
          t('verify.certificateIn', {
            name: name[language],
            language: t(`verify.languages.${printed}`),
          }),
        )
      : certificate.titles;
    const holder = certificate.holder?.[language] ?? certificate.holderInitials;
    const { validUntil } = certificate;
    const expired = validUntil !== undefined && now >= DateTime.fromISO(validUntil);
    const validity = validUntil
      ? row('validity', t('verify.validity'), [
          t(expired ? 'verify.expired' : 'verify.valid', {
            date: formatDateTime(validUntil, language),
          }),
        ])
      : '';
    return this.page(
      language,
      t('verify.title'),
      switchHref,
      html`<h1 id="verified" data-validity="${expired ? 'expired' : 'valid'}">${t('verify.heading')}</h1>
<p>${t('verify.lead', { code: certificate.verificationCode })}</p>
<dl class="facts">
${row('certificate', t('verify.certificate'), certificates)}
${row('holder', t('verify.holder'), [holder])}
${row('issued', t('verify.issuedAt'), [formatDateTime(certificate.issuedAt, language)])}
${validity}
${row('order', t('verify.orderId'), [certificate.orderId])}
</dl>
<p class="note">${t('verify.compare')}</p>`,
    );
  }

  /** No certificate has this code (or its verification period ended). */
  notVerified(language: Language, switchHref: string): string {
    const t = this.t(language);
    return this.page(
      language,
      t('verify.title'),
      switchHref,
      html`<h1 id="not-verified">${t('verify.notFoundHeading')}</h1>
<p>${t('verify.notFoundBody')}</p>`,
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

  private page(language: Language, title: string, switchHref: string, body: SafeHtml): string {
    const t = this.t(language);
    return htmlPage(
      language,
      title,
      html`${languageSwitch(language, switchHref, t('otherLanguage'))}
${body}`,
    );
  }
}

export function storeHref(store: StoreId, language: Language): string {
  return `${STORE_PATH}/${store}?lng=${language}`;
}

export function documentHref(number: string): string {
  return `${STORE_PATH}/document/${encodeURIComponent(number)}`;
}
