import type { BrowserAnswer, TestBrowser } from './testBrowser';

/** Whether `url` is the service's OpenID Connect callback. */
export const isOidcCallback = (url: URL): boolean => url.pathname === '/auth/oidc/callback';

/** The page's first form: where it posts, and its hidden fields. */
function formOf(page: BrowserAnswer): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(page.html)?.[1];
  if (!action)
    throw new Error(`no form at ${page.url} (${page.status}): ${page.html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const [input] of page.html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input)?.[1] ?? '';
  }
  return { action: new URL(action.replace(/&amp;/g, '&'), page.url).toString(), fields };
}

/**
 * Logs in at a test provider (`test/support/openIdProvider.mjs`) as `login`, as a student's
 * browser would: from the authorization URL through its login page (any password) and its consent
 * page, up to the redirect back to the service's callback — returned, not opened.
 */
export async function logInAtProvider(
  browser: TestBrowser,
  authorizationUrl: string,
  login: string,
): Promise<string> {
  let step = await browser.follow(authorizationUrl, isOidcCallback);
  for (let pages = 0; pages < 4 && !step.stoppedAt; pages += 1) {
    const page = step.answer!;
    const { action, fields } = formOf(page);
    const typed: Record<string, string> =
      fields.prompt === 'login' ? { login, password: 'any password' } : {};
    const posted = await browser.post(action, { ...fields, ...typed });
    if (!posted.location)
      throw new Error(`the provider kept us at ${posted.url}: ${posted.status}`);
    step = await browser.follow(posted.location, isOidcCallback);
  }
  if (!step.stoppedAt) throw new Error('the provider never sent the browser back');
  return step.stoppedAt;
}

/**
 * Declines at the provider's login page ("abort"): the provider sends the browser back with
 * `error=access_denied`; that callback URL is returned, not opened.
 */
export async function declineAtProvider(
  browser: TestBrowser,
  authorizationUrl: string,
): Promise<string> {
  const step = await browser.follow(authorizationUrl, isOidcCallback);
  const page = step.answer!;
  const back = await browser.follow(`${new URL(page.url).toString()}/abort`, isOidcCallback);
  if (!back.stoppedAt) throw new Error('the provider never sent the browser back');
  return back.stoppedAt;
}
