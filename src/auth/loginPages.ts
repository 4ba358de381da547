import { escapeHtml } from '../http/html';
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

/** The pages that say one thing and end the flow. */
export type LoginMessage = 'invalidLink' | 'forbidden' | 'badRequest' | 'unavailable';

/**
 * The login page and its outcomes as HTML, from `locales/<lng>/auth.json`. The look follows the
 * university's integrated-authentication screen of the seed manual. Pages load their style and
 * script from `/auth/static/` only: the strict CSP of the web chat applies.
 */
export class LoginPages {
  constructor(private readonly texts: Texts) {}

  form(view: LoginFormView): string {
    const t = this.texts.t(view.language, 'auth');
    const notes = this.texts.raw<string[]>(view.language, 'page.note', 'auth');
    const errors = (view.errors ?? []).map((key) => escapeHtml(t(key))).join(' ');
    const body = `${errors ? `<p class="error" id="login-error" role="alert">${errors}</p>` : ''}
${this.linking(view.language, view.linking)}
<form class="login-form" method="post" action="/auth/login">
<input type="hidden" name="request" value="${escapeHtml(view.requestId)}">
<input type="hidden" name="csrf" value="${escapeHtml(view.csrfToken)}">
<input type="hidden" name="lng" value="${view.language}">
<label for="studentId">${escapeHtml(t('page.studentId'))}</label>
<input id="studentId" name="studentId" type="text" value="${escapeHtml(view.studentId ?? '')}" autocomplete="username" autocapitalize="none" autocorrect="off" spellcheck="false" maxlength="64" required${errors ? ' aria-describedby="login-error"' : ''}>
<label for="password">${escapeHtml(t('page.password'))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required>
<section class="note" aria-labelledby="note-title">
<h2 id="note-title">${escapeHtml(t('page.noteTitle'))}</h2>
<ul>${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>
</section>
<button type="submit" class="login-button">${escapeHtml(t('page.login'))}</button>
</form>
<p class="help">${escapeHtml(t('page.help'))}</p>`;
    return this.shell(view.language, t('page.title'), body, view.requestId);
  }

  /** "You are linking the LINE account “…” to your university ID", and what to do if not yours. */
  private linking(language: Language, linking: LinkingView): string {
    const t = this.texts.t(language, 'auth');
    const channel = t(`channel.${linking.channel}`);
    const target = linking.displayName
      ? t('linking.named', { channel, name: linking.displayName })
      : t('linking.unnamed', { channel });
    return `<section class="linking" id="linking">
<p class="linking-target" id="linking-target">${escapeHtml(target)}</p>
<p class="linking-warning">${escapeHtml(t('linking.notYours'))}</p>
</section>`;
  }

  /** A page that ends the flow; `requestId` keeps the language switch on the same link. */
  message(language: Language, message: LoginMessage, requestId?: string): string {
    const t = this.texts.t(language, 'auth');
    const body = `<p class="message">${escapeHtml(t(`${message}.body`))}</p>`;
    return this.shell(language, t(`${message}.title`), body, requestId);
  }

  /** After a login that bound the chat account here: "you are logged in as …, back to the chat". */
  done(language: Language, name: string): string {
    const t = this.texts.t(language, 'auth');
    const body = `<p class="message" id="done">${escapeHtml(t('done.body', { name }))}</p>
<p>${escapeHtml(t('done.close'))}</p>`;
    return this.shell(language, t('done.title'), body);
  }

  private shell(language: Language, heading: string, body: string, requestId?: string): string {
    const t = this.texts.t(language, 'auth');
    const other: Language = language === 'ja' ? 'en' : 'ja';
    const switchLink =
      requestId === undefined
        ? ''
        : `<a class="lang" id="lang-switch" href="/auth/login?request=${encodeURIComponent(requestId)}&amp;lng=${other}" lang="${other}" hreflang="${other}">${escapeHtml(t('page.otherLanguage'))}</a>`;
    return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(heading)} | ${escapeHtml(t('page.service'))}</title>
<link rel="stylesheet" href="/assets/theme.css">
<link rel="stylesheet" href="/auth/static/login.css">
<script src="/auth/static/login.js" defer></script>
</head>
<body>
<main class="auth">
<header class="auth-header">
<p class="service">${escapeHtml(t('page.service'))}</p>
${switchLink}
</header>
<h1>${escapeHtml(heading)}</h1>
${body}
</main>
</body>
</html>
`;
  }
}
