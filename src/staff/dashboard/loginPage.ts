import { escapeHtml } from '../../http/html';
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
export function loginBody(words: AdminWords, view: LoginView): string {
  const { t } = words;
  const errors = (view.errors ?? []).map((key) => escapeHtml(t(key))).join(' ');
  const notice = view.notice
    ? `<p class="notice" id="login-notice" role="status">${escapeHtml(t(view.notice))}</p>`
    : '';
  const next = view.next
    ? `\n<input type="hidden" name="next" value="${escapeHtml(view.next)}">`
    : '';
  return `${notice}${errors ? `<p class="error" id="login-error" role="alert">${errors}</p>` : ''}
<form class="login-form" method="post" action="/admin/login">
<input type="hidden" name="csrf" value="${escapeHtml(view.csrfToken)}">${next}
<label for="staffId">${escapeHtml(t('login.staffId'))}</label>
<input id="staffId" name="staffId" type="text" value="${escapeHtml(view.staffId ?? '')}" autocomplete="username" autocapitalize="none" autocorrect="off" spellcheck="false" maxlength="64" required${errors ? ' aria-describedby="login-error"' : ''}>
<label for="password">${escapeHtml(t('login.password'))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required>
<button type="submit" class="login-button">${escapeHtml(t('login.submit'))}</button>
</form>`;
}

/** The pages that say one thing: refused, not found, failed. */
export type AdminMessage = 'forbidden' | 'unauthorized' | 'badRequest' | 'notFound' | 'unavailable';

/** A message page's body, with the way on (log in again, or back to the orders). */
export function messageBody(words: AdminWords, message: AdminMessage, signedIn: boolean): string {
  const { t } = words;
  const onward = signedIn
    ? `<a href="/admin">${escapeHtml(t('message.ordersLink'))}</a>`
    : `<a href="/admin/login">${escapeHtml(t('message.loginLink'))}</a>`;
  return `<p class="message" id="message">${escapeHtml(t(`message.${message}.body`))}</p>
<p>${onward}</p>`;
}
