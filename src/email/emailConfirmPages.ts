import { escapeHtml, htmlPage } from '../http/html';
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
 * interpolated value is escaped; the full address is never shown, only its masked form.
 */
export class EmailConfirmPages {
  constructor(private readonly texts: Texts) {}

  /** The page a link opens: the masked address and a Confirm button that posts the token. */
  confirm(language: Language, input: ConfirmFormInput): string {
    const t = this.texts.t(language, 'email');
    const fields = { token: input.token, lng: language, ...input.hidden };
    const hidden = Object.entries(fields)
      .map(
        ([name, value]) =>
          `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
      )
      .join('\n');
    return this.page(
      language,
      input.switchHref,
      `<h1>${escapeHtml(t(`page.confirm.${input.purpose}.heading`))}</h1>
<p>${escapeHtml(t(`page.confirm.${input.purpose}.lead`))}</p>
<p id="address" class="note"><strong>${escapeHtml(maskEmailAddress(input.address))}</strong></p>
<form method="post" action="${EMAIL_CONFIRM_PATH}">
${hidden}
<button type="submit" id="confirm">${escapeHtml(t('page.confirm.button'))}</button>
</form>
<p>${escapeHtml(t('page.confirm.notYou'))}</p>`,
    );
  }

  /** "Mail address setting completed" (or the change's "completed"), as in the manual. */
  done(language: Language, purpose: EmailPurpose, switchHref: string): string {
    const t = this.texts.t(language, 'email');
    return this.page(
      language,
      switchHref,
      `<h1 id="done">${escapeHtml(t(`page.done.${purpose}.heading`))}</h1>
<p>${escapeHtml(t(`page.done.${purpose}.body`))}</p>
<p>${escapeHtml(t('page.done.from'))}</p>
<p>${escapeHtml(t('page.done.changeLater'))}</p>
<p><strong>${escapeHtml(t('page.done.backToChat'))}</strong></p>`,
    );
  }

  /** An expired, used or unknown link (with how to get a new one), or a request we refused. */
  problem(language: Language, problem: EmailPageProblem, switchHref: string): string {
    const t = this.texts.t(language, 'email');
    const command = t('resendCommand');
    return this.page(
      language,
      switchHref,
      `<h1 id="problem" data-problem="${problem}">${escapeHtml(t(`page.${problem}.heading`))}</h1>
<p>${escapeHtml(t(`page.${problem}.body`))}</p>
<p>${escapeHtml(t('page.resend', { command }))}</p>`,
    );
  }

  private page(language: Language, switchHref: string, body: string): string {
    const t = this.texts.t(language, 'email');
    const other = language === 'ja' ? 'en' : 'ja';
    return htmlPage(
      language,
      t('page.title'),
      `<a class="lang" id="switch-language" href="${escapeHtml(switchHref)}" lang="${other}">${escapeHtml(t('page.otherLanguage'))}</a>
${body}`,
    );
  }
}
