import { html, joinHtml, type SafeHtml } from '../../http/html';
import type { AdminWords } from './adminWords';

/** The staff login form as shown, and after a failed try. */
export interface LoginView {
  csrfToken: string;
  /** Where to go after logging in (a dashboard path, already checked). */
  next?: string;
  /** The id as typed, to fill in again (never the password). */
  staffId?: string;
  /** `admin` keys of the sentences above the form (`login.invalidCredentials`, …). */
  errors?: string[];
  /** `admin` key of a notice that is no error (`login.loggedOut`, `login.sessionEnded`). */
  notice?: string;
}

/** The body of `/admin/login`. */
export function loginBody(words: AdminWords, view: LoginView): SafeHtml {
  const { t } = words;
  const errors = (view.errors ?? []).map((key) => t(key));
  const failed = errors.length > 0;
  const notice = view.notice
    ? html`<p class="notice" id="login-notice" role="status">${t(view.notice)}</p>`
    : '';
  const next = view.next ? html`\n<input type="hidden" name="next" value="${view.next}">` : '';
  return html`${notice}${failed ? html`<p class="error" id="login-error" role="alert">${joinHtml(errors, ' ')}</p>` : ''}
<form class="login-form" method="post" action="/admin/login">
<input type="hidden" name="csrf" value="${view.csrfToken}">${next}
<label for="staffId">${t('login.staffId')}</label>
<input id="staffId" name="staffId" type="text" value="${view.staffId ?? ''}" autocomplete="username" autocapitalize="none" autocorrect="off" spellcheck="false" maxlength="64" required${failed ? html` aria-describedby="login-error"` : ''}>
<label for="password">${t('login.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required>
<button type="submit" class="login-button">${t('login.submit')}</button>
</form>`;
}

/** The pages that say one thing: refused, not found, failed. */
export type AdminMessage = 'forbidden' | 'unauthorized' | 'badRequest' | 'notFound' | 'unavailable';

/** A message page's body, with the way on (log in again, or back to the orders). */
export function messageBody(words: AdminWords, message: AdminMessage, signedIn: boolean): SafeHtml {
  const { t } = words;
  const onward = signedIn
    ? html`<a href="/admin">${t('message.ordersLink')}</a>`
    : html`<a href="/admin/login">${t('message.loginLink')}</a>`;
  return html`<p class="message" id="message">${t(`message.${message}.body`)}</p>
<p>${onward}</p>`;
}
