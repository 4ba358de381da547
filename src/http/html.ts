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

/** Headers every server-rendered page carries: no scripts but our own, no framing, no sniffing. */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** A complete, phone-friendly HTML page around already-escaped body markup. */
export function htmlPage(language: Language, title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;max-width:44rem;margin:0 auto;padding:1rem;line-height:1.6;color:#1a1a1a}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}a{color:#0b5cad}
.lang{float:right}
</style>
</head>
<body>
${bodyHtml}
</body>
</html>
`;
}
