import { html, type SafeHtml } from '../http/html';
import { htmlPage } from '../http/htmlPage';
import { languageSwitch } from '../http/otherLanguage';
import type { Texts, Translate } from '../i18n/i18n';
import { formatDateTime } from '../i18n/formatDateTime';
import { formatYen } from '../i18n/formatYen';
import type { Language } from '../i18n/language';
import type { PaymentOutcome } from '../orders/paymentGateway';

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
 * value is escaped by the `html` tag; forms post same-origin (the CSP allows no other target).
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
      html`<p class="error" id="demo-badge">${t('demo.badge')}</p>
<h1>${t('demo.heading')}</h1>
<p>${t('demo.lead')}</p>
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
      html`<p class="error" id="demo-badge">${t('cashier.badge')}</p>
<h1>${t('cashier.heading', { amount: formatYen(view.amount, language) })}</h1>
<p>${t('cashier.lead')}</p>
<p class="note">${t('cashier.number')}: <strong id="smartpit-number">${smartPitNumber}</strong></p>
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
      html`<h1 id="done">${t('done.heading')}</h1>
<p>${t('done.body')}</p>
<p><strong>${t('page.backToChat')}</strong></p>`,
    );
  }

  /** PayPal still checks the payment; the chat will say when it is confirmed. */
  pending(language: Language, switchHref: string): string {
    const t = this.t(language);
    return this.page(
      language,
      switchHref,
      html`<h1 id="pending">${t('pending.heading')}</h1>
<p>${t('pending.body')}</p>
<p><strong>${t('page.backToChat')}</strong></p>`,
    );
  }

  /** "Payment cancelled; you can pay later from the chat (My orders)" until the deadline. */
  cancelled(language: Language, deadline: string, switchHref: string): string {
    const t = this.t(language);
    return this.page(
      language,
      switchHref,
      html`<h1 id="cancelled">${t('cancelled.heading')}</h1>
<p>${t('cancelled.body', { deadline: formatDateTime(deadline, language) })}</p>
<p><strong>${t('page.backToChat')}</strong></p>`,
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
      ? html`<p>${t('page.order')}: <strong id="order-id">${orderId}</strong></p>\n`
      : '';
    return this.page(
      language,
      switchHref,
      html`<h1 id="problem" data-problem="${problem}">${t(`problem.${problem}.heading`)}</h1>
<p>${t(`problem.${problem}.body`)}</p>
${order}<p>${t('page.help', { phone: this.callCenterPhone })}</p>`,
    );
  }

  private summary(language: Language, view: PaymentView): SafeHtml {
    const t = this.t(language);
    return html`<p class="note">${t('page.amount')}: <strong id="amount">${formatYen(view.amount, language)}</strong><br>
${t('page.order')}: <strong id="order-id">${view.orderId}</strong><br>
${t('page.deadline')}: <strong id="deadline">${formatDateTime(view.deadline, language)}</strong></p>`;
  }

  private page(language: Language, switchHref: string, body: SafeHtml): string {
    const t = this.t(language);
    return htmlPage(
      language,
      t('page.title'),
      html`${languageSwitch(language, switchHref, t('page.otherLanguage'))}
${body}`,
    );
  }

  private t(language: Language): Translate {
    return this.texts.t(language, 'payment');
  }
}

/** A one-button form posting the page's language. */
function form(action: string, language: Language, id: string, label: string): SafeHtml {
  return html`<form method="post" action="${action}">
<input type="hidden" name="lng" value="${language}">
<button type="submit" id="${id}">${label}</button>
</form>`;
}
