import { html, type SafeHtml } from '../../http/html';
import { otherLanguage } from '../../http/otherLanguage';
import type { Texts } from '../../i18n/i18n';
import type { Language } from '../../i18n/language';
import type { StaffMember } from './staffAccounts';

/** The dashboard's sections, as the menu names them. */
export type AdminSection = 'orders' | 'push' | 'pushes' | 'audit' | 'deadLetters';

const SECTIONS: readonly [AdminSection, string][] = [
  ['orders', '/admin'],
  ['push', '/admin/push'],
  ['pushes', '/admin/pushes'],
  ['audit', '/admin/audit'],
  ['deadLetters', '/admin/dead-letters'],
];

/** One dashboard page: its title and body, and who is looking at it. */
export interface LayoutView {
  language: Language;
  title: string;
  body: SafeHtml;
  /** The same page in the other language (the switch link). */
  switchHref: string;
  /** Signed in: the menu, the name and the logout button are shown. */
  staff?: StaffMember;
  /** The CSRF token of the logout form (required with `staff`). */
  csrfToken?: string;
  section?: AdminSection;
  /** Reloads the page after this many seconds (a push report while sending). */
  refreshSeconds?: number;
}

/**
 * The frame of every dashboard page. Style and script come from `/admin/static/` only, so the
 * strict CSP of the web chat applies; the reload of a running report is a `<meta>` refresh,
 * which CSP does not govern and which needs no script.
 */
export class AdminLayout {
  constructor(private readonly texts: Texts) {}

  page(view: LayoutView): string {
    const t = this.texts.t(view.language, 'admin');
    const other = otherLanguage(view.language);
    const refresh =
      view.refreshSeconds === undefined
        ? ''
        : html`\n<meta http-equiv="refresh" content="${view.refreshSeconds}">`;
    return html`<!doctype html>
<html lang="${view.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">${refresh}
<title>${view.title} | ${t('service')}</title>
<link rel="stylesheet" href="/assets/theme.css">
<link rel="stylesheet" href="/admin/static/admin.css">
<script src="/admin/static/admin.js" defer></script>
</head>
<body>
<header class="admin-header">
<p class="service">${t('service')}</p>
<a class="lang" id="lang-switch" href="${view.switchHref}" lang="${other}" hreflang="${other}">${t('otherLanguage')}</a>
${view.staff ? this.menu(view) : ''}
</header>
<main>
<h1>${view.title}</h1>
${view.body}
</main>
</body>
</html>
`.toString();
  }

  private menu(view: LayoutView): SafeHtml {
    const t = this.texts.t(view.language, 'admin');
    const links = SECTIONS.map(([section, href]) => {
      const current = section === view.section ? html` aria-current="page"` : '';
      return html`<li><a href="${href}"${current}>${t(`nav.${section}`)}</a></li>`;
    });
    const staff = view.staff!;
    return html`<nav class="admin-nav" aria-label="${t('nav.label')}"><ul>${links}</ul></nav>
<div class="who">
<span id="signed-in">${t('nav.signedInAs', { name: staff.name[view.language], staffId: staff.staffId })}</span>
<form method="post" action="/admin/logout" class="logout">
<input type="hidden" name="csrf" value="${view.csrfToken ?? ''}">
<button type="submit">${t('nav.logout')}</button>
</form>
</div>`;
  }
}
