import { html, joinHtml, type SafeHtml } from '../http/html';
import { otherLanguage } from '../http/otherLanguage';
import type { Texts } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import type { ChatChannel } from '../students/student';

/** The chat account a login would link: shown above the form, before the password is typed. */
export interface LinkingView {
  channel: ChatChannel;
  /** The platform's display name (LINE), already bounded; the page escapes it. */
  displayName?: string;
}

/** What the login form shows: the request it belongs to and, after a failed try, why. */
export interface LoginFormView {
  language: Language;
  requestId: string;
  csrfToken: string;
  /** Which chat is being linked, so that someone who got the link forwarded sees it is not theirs. */
  linking: LinkingView;
  /** The ID as typed, to fill in again (never the password). */
  studentId?: string;
  /** `auth` keys of the messages above the form, e.g. `form.invalidCredentials`. */
  errors?: string[];
}

/** What the single sign-on page shows: the chat being linked, and the way on to the university. */
export interface SingleSignOnView {
  language: Language;
  requestId: string;
  linking: LinkingView;
}

/** The pages that say one thing and end the flow. */
export type LoginMessage =
  | 'invalidLink'
  | 'forbidden'
  | 'badRequest'
  | 'unavailable'
  /** The university knows the person, the registrar's records do not. */
  | 'notInRecords'
  /** Staff or alumni: the university says the person is no student. */
  | 'notStudent'
  /** The identity provider's answer was refused (unsigned, expired, replayed, …). */
  | 'ssoFailed';

/**
 * The login page and its outcomes as HTML, from `locales/<lng>/auth.json`, built with the `html`
 * tag. The look follows the university's integrated-authentication screen, so students recognise
 * where they type their password. Pages load their style and script from `/auth/static/` only:
 * the strict CSP of {@link SECURITY_HEADERS} applies.
 */
export class LoginPages {
  constructor(private readonly texts: Texts) {}

  form(view: LoginFormView): string {
    const t = this.texts.t(view.language, 'auth');
    const notes = this.texts.raw<string[]>(view.language, 'page.note', 'auth');
    const errors = (view.errors ?? []).map((key) => t(key));
    const failed = errors.length > 0;
    const body = html`${failed ? html`<p class="error" id="login-error" role="alert">${joinHtml(errors, ' ')}</p>` : ''}
${this.linking(view.language, view.linking)}
<form class="login-form" method="post" action="/auth/login">
<input type="hidden" name="request" value="${view.requestId}">
<input type="hidden" name="csrf" value="${view.csrfToken}">
<input type="hidden" name="lng" value="${view.language}">
<label for="studentId">${t('page.studentId')}</label>
<input id="studentId" name="studentId" type="text" value="${view.studentId ?? ''}" autocomplete="username" autocapitalize="none" autocorrect="off" spellcheck="false" maxlength="64" required${failed ? html` aria-describedby="login-error"` : ''}>
<label for="password">${t('page.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required>
<section class="note" aria-labelledby="note-title">
<h2 id="note-title">${t('page.noteTitle')}</h2>
<ul>${notes.map((note) => html`<li>${note}</li>`)}</ul>
</section>
<button type="submit" class="login-button">${t('page.login')}</button>
</form>
<p class="help">${t('page.help')}</p>`;
    return this.shell(view.language, t('page.title'), body, view.requestId);
  }

  /**
   * Single sign-on: which chat is being linked, then a button on to the university's login (the
   * password is typed there, never here).
   */
  singleSignOn(view: SingleSignOnView): string {
    const t = this.texts.t(view.language, 'auth');
    const start = `/auth/login/start?request=${encodeURIComponent(view.requestId)}&lng=${view.language}`;
    const body = html`${this.linking(view.language, view.linking)}
<p class="message">${t('sso.explain')}</p>
<p><a class="login-button" id="sso-start" href="${start}">${t('sso.continue')}</a></p>
<p class="help">${t('page.help')}</p>`;
    return this.shell(view.language, t('page.title'), body, view.requestId);
  }

  /** "You are linking the LINE account “…” to your university ID", and what to do if not yours. */
  private linking(language: Language, linking: LinkingView): SafeHtml {
    const t = this.texts.t(language, 'auth');
    const channel = t(`channel.${linking.channel}`);
    const target = linking.displayName
      ? t('linking.named', { channel, name: linking.displayName })
      : t('linking.unnamed', { channel });
    return html`<section class="linking" id="linking">
<p class="linking-target" id="linking-target">${target}</p>
<p class="linking-warning">${t('linking.notYours')}</p>
</section>`;
  }

  /** A page that ends the flow; `requestId` keeps the language switch on the same link. */
  message(language: Language, message: LoginMessage, requestId?: string): string {
    const t = this.texts.t(language, 'auth');
    const body = html`<p class="message">${t(`${message}.body`)}</p>`;
    return this.shell(language, t(`${message}.title`), body, requestId);
  }

  /** After a login that bound the chat account here: "you are logged in as …, back to the chat". */
  done(language: Language, name: string): string {
    const t = this.texts.t(language, 'auth');
    const body = html`<p class="message" id="done">${t('done.body', { name })}</p>
<p>${t('done.close')}</p>`;
    return this.shell(language, t('done.title'), body);
  }

  private shell(language: Language, heading: string, body: SafeHtml, requestId?: string): string {
    const t = this.texts.t(language, 'auth');
    const switchLink = requestId === undefined ? '' : this.switchLink(language, requestId);
    return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${heading} | ${t('page.service')}</title>
<link rel="stylesheet" href="/assets/theme.css">
<link rel="stylesheet" href="/auth/static/login.css">
<script src="/auth/static/login.js" defer></script>
</head>
<body>
<main class="auth">
<header class="auth-header">
<p class="service">${t('page.service')}</p>
${switchLink}
</header>
<h1>${heading}</h1>
${body}
</main>
</body>
</html>
`.toString();
  }

  /** The same login link in the other language. */
  private switchLink(language: Language, requestId: string): SafeHtml {
    const t = this.texts.t(language, 'auth');
    const other = otherLanguage(language);
    const href = `/auth/login?request=${encodeURIComponent(requestId)}&lng=${other}`;
    return html`<a class="lang" id="lang-switch" href="${href}" lang="${other}" hreflang="${other}">${t('page.otherLanguage')}</a>`;
  }
}
