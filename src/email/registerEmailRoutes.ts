import type { Request, Response, Server } from 'restify';
import { loggableError } from '../http/loggableError';
import { otherLanguage } from '../http/otherLanguage';
import { sendPage, type Page } from '../http/page';
import { readFormBody } from '../http/requestBody';
import { RequestBodyError } from '../http/errors';
import { requestLanguage } from '../http/requestLanguage';
import type { Texts } from '../i18n/i18n';
import { isLanguage, type Language } from '../i18n/language';
import type { Logger } from '../platform/logger';
import { EmailConfirmPages, type EmailPageProblem } from './emailConfirmPages';
import { isWellFormedEmailToken } from './emailToken';
import type { EmailPurpose } from './emailTokenStore';
import type { ConfirmedEmail, EmailVerification } from './emailVerification';
import { EMAIL_CONFIRM_PATH } from './verificationMails';

/** Where a successful confirmation lands (after a redirect, so a reload posts nothing). */
export const EMAIL_CONFIRMED_PATH = '/auth/email/confirmed';

/** The form holds a token, a language and perhaps a CSRF field: a few hundred bytes. */
const FORM_LIMIT_BYTES = 4096;

/** Optional CSRF protection of the confirm form (the login page's guard fits this shape). */
export interface EmailFormGuard {
  /** Hidden fields for a new form; may set a cookie on `res`. */
  fields(req: Request, res: Response): Record<string, string> | Promise<Record<string, string>>;
  /** Whether a posted form is genuine. */
  verify(req: Request, form: URLSearchParams): boolean | Promise<boolean>;
}

export interface EmailRouteDeps {
  texts: Texts;
  logger: Logger;
  verification: Pick<EmailVerification, 'inspect' | 'confirm'>;
  /**
   * Called once per confirmed link, before the page says "completed": store the address,
   * notify the old one, tell the student in the chat. If it throws, the page apologises.
   */
  onConfirmed: (result: ConfirmedEmail) => Promise<void>;
  csrf?: EmailFormGuard;
}

const PROBLEM_STATUS: Record<EmailPageProblem, number> = {
  expired: 410,
  used: 410,
  unknown: 404,
  badRequest: 400,
  error: 503,
};

/**
 * The confirmation link's pages. `GET /auth/email/confirm?token=…` only looks (mail scanners
 * that prefetch links consume nothing) and shows a Confirm button; `POST` with the token
 * confirms, calls `onConfirmed` and redirects to `GET /auth/email/confirmed`. Tokens are never
 * logged; every page is `no-store` with the pages' security headers.
 */
export function registerEmailRoutes(server: Server, deps: EmailRouteDeps): void {
  const pages = new EmailConfirmPages(deps.texts);
  const route =
    (name: string, handler: (req: Request, res: Response) => Promise<Page>) =>
    async (req: Request, res: Response): Promise<void> => {
      let page: Page;
      try {
        page = await handler(req, res);
      } catch (err) {
        deps.logger.error(
          { err: loggableError(err), route: name },
          'email confirmation page failed',
        );
        const language = requestLanguage(req.getQuery(), req.header('accept-language'));
        page = problemPage(
          pages,
          language,
          'error',
          `${EMAIL_CONFIRM_PATH}?lng=${otherLanguage(language)}`,
        );
      }
      deps.logger.debug({ route: name, status: page.status }, 'email confirmation page');
      sendPage(res, page);
    };

  server.get(
    EMAIL_CONFIRM_PATH,
    route('confirm-page', async (req, res) => {
      const query = new URLSearchParams(req.getQuery());
      const token = query.get('token');
      const asked = query.get('lng');
      const fallback = requestLanguage(req.getQuery(), req.header('accept-language'));
      if (!isWellFormedEmailToken(token)) {
        return problemPage(pages, fallback, 'unknown', switchHref(fallback));
      }
      const found = await deps.verification.inspect(token);
      if (found.status !== 'valid') {
        return problemPage(pages, fallback, found.status, switchHref(fallback, token));
      }
      const language = isLanguage(asked) ? asked : found.record.language;
      const hidden = deps.csrf ? await deps.csrf.fields(req, res) : undefined;
      return {
        status: 200,
        html: pages.confirm(language, {
          token,
          address: found.record.address,
          purpose: found.record.purpose,
          hidden,
          switchHref: switchHref(language, token),
        }),
      };
    }),
  );

  server.post(
    EMAIL_CONFIRM_PATH,
    route('confirm', async (req) => {
      let form: URLSearchParams;
      const fallback = requestLanguage(req.getQuery(), req.header('accept-language'));
      try {
        form = await readFormBody(req, FORM_LIMIT_BYTES);
      } catch (err) {
        if (!(err instanceof RequestBodyError)) throw err;
        return {
          ...problemPage(pages, fallback, 'badRequest', switchHref(fallback)),
          status: err.status,
        };
      }
      const asked = form.get('lng');
      const language = isLanguage(asked) ? asked : fallback;
      const token = form.get('token');
      // Our own page posts same-origin; a cross-site post is someone else's form.
      const crossSite = req.header('sec-fetch-site') === 'cross-site';
      if (crossSite || (deps.csrf && !(await deps.csrf.verify(req, form)))) {
        return { ...problemPage(pages, language, 'badRequest', switchHref(language)), status: 403 };
      }
      if (!isWellFormedEmailToken(token)) {
        return problemPage(pages, language, 'unknown', switchHref(language));
      }
      const result = await deps.verification.confirm(token);
      if (result.status !== 'confirmed') {
        return problemPage(pages, language, result.status, switchHref(language, token));
      }
      // The form carries the language the student was reading (the token's, unless switched).
      const shown = isLanguage(asked) ? asked : result.language;
      try {
        await deps.onConfirmed(result);
      } catch (err) {
        // The link is used up by now; the page says to ask for a new one in the chat.
        deps.logger.error({ err: loggableError(err) }, 'storing a confirmed mail address failed');
        return problemPage(pages, shown, 'error', switchHref(shown));
      }
      return { status: 303, html: '', headers: { Location: confirmedHref(shown, result.purpose) } };
    }),
  );

  server.get(
    EMAIL_CONFIRMED_PATH,
    route('confirmed', async (req) => {
      const language = requestLanguage(req.getQuery(), req.header('accept-language'));
      const asked = new URLSearchParams(req.getQuery()).get('purpose');
      const purpose: EmailPurpose = asked === 'change' ? 'change' : 'register';
      return {
        status: 200,
        html: pages.done(language, purpose, confirmedHref(otherLanguage(language), purpose)),
      };
    }),
  );
}

function problemPage(
  pages: EmailConfirmPages,
  language: Language,
  problem: EmailPageProblem,
  href: string,
): Page {
  return { status: PROBLEM_STATUS[problem], html: pages.problem(language, problem, href) };
}

/** The same link in the other language (the token, if well-formed, is kept: it is the page). */
function switchHref(current: Language, token?: string): string {
  const query = new URLSearchParams({ ...(token ? { token } : {}), lng: otherLanguage(current) });
  return `${EMAIL_CONFIRM_PATH}?${query}`;
}

function confirmedHref(language: Language, purpose: EmailPurpose): string {
  return `${EMAIL_CONFIRMED_PATH}?${new URLSearchParams({ purpose, lng: language })}`;
}
