import type { Language } from '../i18n/language';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * A complete, phone-friendly HTML page around already-escaped body markup. Styles come from
 * `/assets/page.css`, so pages run under the strict CSP of {@link SECURITY_HEADERS}.
 */
export function htmlPage(language: Language, title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/page.css">
</head>
<body>
${bodyHtml}
</body>
</html>
`;
}
