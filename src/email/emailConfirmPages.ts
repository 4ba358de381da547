import { html, joinHtml, type SafeHtml } from '../http/html';
import { htmlPage } from '../http/htmlPage';
import { languageSwitch } from '../http/otherLanguage';
import type { Texts } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import type { EmailPurpose } from './emailTokenStore';
import { maskEmailAddress } from './maskEmailAddress';
import { EMAIL_CONFIRM_PATH } from './verificationMails';

/** Why no confirm button is shown: the link's state, or a request we could not serve. */
export type EmailPageProblem = 'expired' | 'used' | 'unknown' | 'badRequest' | 'error';

export interface ConfirmFormInput {
  token: string;
  address: string;
  purpose: EmailPurpose;
  /** Extra hidden fields, e.g. a CSRF token. */
  hidden?: Record<string, string>;
  /** The same page in the other language. */
  switchHref: string;
}

/**
 * The pages of the confirmation link, from `locales/<lng>/email.json` (`page.*`). Every
 * interpolated value is escaped by the `html` tag; the full address is never shown, only its
 * masked form.
 */
export class EmailConfirmPages {
  constructor(private readonly texts: Texts) {}

  /** The page a link opens: the masked address and a Confirm button that posts the token. */
  confirm(language: Language, input: ConfirmFormInput): string {
    const t = this.texts.t(language, 'email');
    const fields = { token: input.token, lng: language, ...input.hidden };
    const hidden = Object.entries(fields).map(
      ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
    );
    return this.page(
      language,
      input.switchHref,
      html`<h1>${t(`page.confirm.${input.purpose}.heading`)}</h1>
<p>${t(`page.confirm.${input.purpose}.lead`)}</p>
<p id="address" class="note"><strong>${maskEmailAddress(input.address)}</strong></p>
<form method="post" action="${EMAIL_CONFIRM_PATH}">
${joinHtml(hidden, '\n')}
<button type="submit" id="confirm">${t('page.confirm.button')}</button>
</form>
<p>${t('page.confirm.notYou')}</p>`,
    );
  }

  /** "Mail address setting completed" (or the change's "completed"), in the university's words. */
  done(language: Language, purpose: EmailPurpose, switchHref: string): string {
    const t = this.texts.t(language, 'email');
    return this.page(
      language,
      switchHref,
      html`<h1 id="done">${t(`page.done.${purpose}.heading`)}</h1>
<p>${t(`page.done.${purpose}.body`)}</p>
<p>${t('page.done.from')}</p>
<p>${t('page.done.changeLater')}</p>
<p><strong>${t('page.done.backToChat')}</strong></p>`,
    );
  }

  /** An expired, used or unknown link (with how to get a new one), or a request we refused. */
  problem(language: Language, problem: EmailPageProblem, switchHref: string): string {
    const t = this.texts.t(language, 'email');
    const command = t('resendCommand');
    return this.page(
      language,
      switchHref,
      html`<h1 id="problem" data-problem="${problem}">${t(`page.${problem}.heading`)}</h1>
<p>${t(`page.${problem}.body`)}</p>
<p>${t('page.resend', { command })}</p>`,
    );
  }

  private page(language: Language, switchHref: string, body: SafeHtml): string {
    const t = this.texts.t(language, 'email');
    return htmlPage(
      language,
      t('page.title'),
      html`${languageSwitch(language, switchHref, t('page.otherLanguage'))}
${body}`,
    );
  }
}
