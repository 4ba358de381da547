import type { Language } from '../i18n/language';
import { html, type SafeHtml } from './html';

/**
 * A complete, phone-friendly HTML page around the body. Styles come from `/assets/page.css`, so
 * pages run under the strict CSP of {@link SECURITY_HEADERS}.
 */
export function htmlPage(language: Language, title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/page.css">
</head>
<body>
${body}
</body>
</html>
`.toString();
}
