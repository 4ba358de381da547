/**
 * A browser-less student at the service's HTML pages: reads a page's form (hidden fields,
 * action) and submits it with the cookies the page set, as a browser would, without
 * following redirects so that a test can see where they lead.
 */
export interface PageForm {
  action: string;
  fields: Record<string, string>;
  cookie: string;
  status: number;
  html: string;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
}

/** The cookies a response sets, as a `Cookie` request header. */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** GETs a page and reads its first form. */
export async function openForm(
  url: string,
  headers: Record<string, string> = {},
): Promise<PageForm> {
  const response = await fetch(url, { headers });
  const html = await response.text();
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(match[0])?.[1];
    const value = /value="([^"]*)"/.exec(match[0])?.[1] ?? '';
    if (name) fields[unescape(name)] = unescape(value);
  }
  return {
    action: unescape(action),
    fields,
    cookie: cookiesOf(response),
    status: response.status,
    html,
  };
}

/** POSTs a form as `application/x-www-form-urlencoded`, not following redirects. */
export async function submitForm(
  base: string,
  form: PageForm,
  extra: Record<string, string> = {},
): Promise<{ status: number; location: string | null; html: string }> {
  const url = new URL(form.action, base).toString();
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: form.cookie,
      Origin: new URL(base).origin,
      'Sec-Fetch-Site': 'same-origin',
    },
    body: new URLSearchParams({ ...form.fields, ...extra }).toString(),
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    html: await response.text(),
  };
}
