import { escapeHtml, htmlPage } from '../http/html';
import type { Texts, Translate } from '../i18n/i18n';
import { formatDateTime } from '../i18n/formatDateTime';
import { formatYen } from '../i18n/formatYen';
import type { Language } from '../i18n/language';
import type { PaymentOutcome } from './paymentGateway';

/** Why a payment page shows no success: an outcome of the order service, or our own reason. */
export type PaymentPageProblem =
  | Exclude<PaymentOutcome, 'applied' | 'duplicate'>
  /** PayPal did not complete the payment (not approved, declined): nothing was charged. */
  | 'declined'
  /** Money was captured but the order could not take it: it will be refunded. */
  | 'refund'
  | 'badRequest'
  | 'error';

/** What a checkout or cashier page shows about the payment. */
export interface PaymentView {
  orderId: string;
  amount: number;
  /** ISO payment deadline. */
  deadline: string;
  /** Where the form buttons post: `${action}/pay`, `${action}/cancel`. */
  action: string;
}

/**
 * The payment pages, from `locales/<lng>/payment.json`: demo checkout, demo cashier, and the
 * completed / pending / cancelled / problem pages every adapter ends on. Every interpolated
 * value is escaped; forms post same-origin (the CSP allows no other target).
 */
export class PaymentPages {
  constructor(
    private readonly texts: Texts,
    private readonly callCenterPhone: string,
  ) {}

  /** "DEMO — no real money": the amount, the order and the deadline, with Pay and Cancel. */
  demoCheckout(language: Language, view: PaymentView, switchHref: string): string {
    const t = this.t(language);
    return this.page(
      language,
      switchHref,
      `<p class="error" id="demo-badge">${escapeHtml(t('demo.badge'))}</p>
<h1>${escapeHtml(t('demo.heading'))}</h1>
<p>${escapeHtml(t('demo.lead'))}</p>
${this.summary(language, view)}
${form(`${view.action}/pay`, language, 'pay', t('demo.pay'))}
${form(`${view.action}/cancel`, language, 'cancel', t('demo.cancel'))}`,
    );
  }

  /** The stand-in for the store cashier: the Smart Pit number and a "paid in cash" button. */
  cashier(
    language: Language,
    view: PaymentView,
    smartPitNumber: string,
    switchHref: string,
  ): string {
    const t = this.t(language);
    return this.page(
      language,
      switchHref,
      `<p class="error" id="demo-badge">${escapeHtml(t('cashier.badge'))}</p>
<h1>${escapeHtml(t('cashier.heading', { amount: formatYen(view.amount, language) }))}</h1>
<p>${escapeHtml(t('cashier.lead'))}</p>
<p class="note">${escapeHtml(t('cashier.number'))}: <strong id="smartpit-number">${escapeHtml(smartPitNumber)}</strong></p>
${this.summary(language, view)}
${form(`${view.action}/pay`, language, 'pay', t('cashier.pay'))}`,
    );
  }

  /** "Payment completed — return to the chat" (also for a repeated click). */
  done(language: Language, switchHref: string): string {
    const t = this.t(language);
    return this.page(
      language,
      switchHref,
      `<h1 id="done">${escapeHtml(t('done.heading'))}</h1>
<p>${escapeHtml(t('done.body'))}</p>
<p><strong>${escapeHtml(t('page.backToChat'))}</strong></p>`,
    );
  }

  /** PayPal still checks the payment; the chat will say when it is confirmed. */
  pending(language: Language, switchHref: string): string {
    const t = this.t(language);
    return this.page(
      language,
      switchHref,
      `<h1 id="pending">${escapeHtml(t('pending.heading'))}</h1>
<p>${escapeHtml(t('pending.body'))}</p>
<p><strong>${escapeHtml(t('page.backToChat'))}</strong></p>`,
    );
  }

  /** "Payment cancelled; you can pay later from the chat (My orders)" until the deadline. */
  cancelled(language: Language, deadline: string, switchHref: string): string {
    const t = this.t(language);
    return this.page(
      language,
      switchHref,
      `<h1 id="cancelled">${escapeHtml(t('cancelled.heading'))}</h1>
<p>${escapeHtml(t('cancelled.body', { deadline: formatDateTime(deadline, language) }))}</p>
<p><strong>${escapeHtml(t('page.backToChat'))}</strong></p>`,
    );
  }

  /** Why nothing was paid (or why a payment could not be applied), with the call centre. */
  problem(
    language: Language,
    problem: PaymentPageProblem,
    switchHref: string,
    orderId?: string,
  ): string {
    const t = this.t(language);
    const order = orderId
      ? `<p>${escapeHtml(t('page.order'))}: <strong id="order-id">${escapeHtml(orderId)}</strong></p>\n`
      : '';
    return this.page(
      language,
      switchHref,
      `<h1 id="problem" data-problem="${problem}">${escapeHtml(t(`problem.${problem}.heading`))}</h1>
<p>${escapeHtml(t(`problem.${problem}.body`))}</p>
${order}<p>${escapeHtml(t('page.help', { phone: this.callCenterPhone }))}</p>`,
    );
  }

  private summary(language: Language, view: PaymentView): string {
    const t = this.t(language);
    return `<p class="note">${escapeHtml(t('page.amount'))}: <strong id="amount">${escapeHtml(formatYen(view.amount, language))}</strong><br>
${escapeHtml(t('page.order'))}: <strong id="order-id">${escapeHtml(view.orderId)}</strong><br>
${escapeHtml(t('page.deadline'))}: <strong id="deadline">${escapeHtml(formatDateTime(view.deadline, language))}</strong></p>`;
  }

  private page(language: Language, switchHref: string, body: string): string {
    const t = this.t(language);
    const other = language === 'ja' ? 'en' : 'ja';
    return htmlPage(
      language,
      t('page.title'),
      `<a class="lang" id="switch-language" href="${escapeHtml(switchHref)}" lang="${other}">${escapeHtml(t('page.otherLanguage'))}</a>
${body}`,
    );
  }

  private t(language: Language): Translate {
    return this.texts.t(language, 'payment');
  }
}

/** A one-button form posting the page's language. */
function form(action: string, language: Language, id: string, label: string): string {
  return `<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="lng" value="${language}">
<button type="submit" id="${id}">${escapeHtml(label)}</button>
</form>`;
}
