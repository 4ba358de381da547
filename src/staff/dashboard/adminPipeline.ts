import type { Request, Response } from 'restify';
import { loggableError } from '../../http/loggableError';
import { otherLanguage } from '../../http/otherLanguage';
import { sendPage } from '../../http/page';
import { readFormBody } from '../../http/requestBody';
import { RequestBodyError } from '../../http/errors';
import { SECURITY_HEADERS } from '../../http/securityHeaders';
import type { Texts } from '../../i18n/i18n';
import { isLanguage, languageFromLocale, type Language } from '../../i18n/language';
import type { Catalogue } from '../../orders/catalogue';
import type { Logger } from '../../platform/logger';
import type { AdminLayout } from './adminLayout';
import type { AdminOutcome, AdminPageOutcome } from './adminOutcome';
import { AdminWords } from './adminWords';
import { messageBody, type AdminMessage } from './loginPage';
import type { StaffAccounts, StaffMember } from './staffAccounts';
import { readCookie, type StaffCookies } from './staffCookies';
import type { StaffCsrf } from './staffCsrf';
import type { StaffSessionStore } from './staffSessionStore';

/** One dashboard request as a handler sees it. */
export interface AdminContext {
  req: Request;
  language: Language;
  words: AdminWords;
  query: URLSearchParams;
  /** The posted form; empty for a GET. */
  form: URLSearchParams;
  /** The CSRF token to put in the page's forms. */
  csrfToken: string;
  /** The browser sent a session cookie (valid or not). */
  sessionCookie?: string;
  /** Set when the session cookie is valid. */
  staff?: StaffMember;
}

/** A request of a signed-in staff member. */
export interface SignedInContext extends AdminContext {
  staff: StaffMember;
  sessionCookie: string;
}

export type AdminHandler<C extends AdminContext = AdminContext> = (
  context: C,
) => Promise<AdminOutcome>;

export interface AdminPipelineDeps {
  texts: Texts;
  catalogue: Pick<Catalogue, 'certificates' | 'networks'>;
  accounts: StaffAccounts;
  sessions: StaffSessionStore;
  cookies: StaffCookies;
  csrf: StaffCsrf;
  layout: AdminLayout;
  logger: Logger;
  /** Two messages of 1,000 characters (percent-encoded) and a filter fit well within it. */
  maxBodyBytes: number;
}

/**
 * What every dashboard route does around its handler: picks the language (`?lng=`, then the
 * remembered choice, then the browser's), resumes the session, reads and checks posted forms
 * (CSRF), and answers exactly once with the security headers and `Cache-Control: no-store`.
 * Without a valid session a GET is sent to the login page (303) and a POST refused (401);
 * a form without the right CSRF token is refused (403) before its handler runs.
 */
export class AdminPipeline {
  constructor(private readonly deps: AdminPipelineDeps) {}

  /** A route anyone may open (the login page). Posts still need the CSRF token. */
  open(route: string, handler: AdminHandler): (req: Request, res: Response) => Promise<void> {
    // restify tells async handlers from callback ones by their kind: these must be `async`.
    return async (req, res) => this.run(route, req, res, false, handler);
  }

  /** A route for signed-in staff only. */
  signedIn(
    route: string,
    handler: AdminHandler<SignedInContext>,
  ): (req: Request, res: Response) => Promise<void> {
    return async (req, res) =>
      this.run(route, req, res, true, (context) => handler(context as SignedInContext));
  }

  private async run(
    route: string,
    req: Request,
    res: Response,
    needsSession: boolean,
    handler: AdminHandler,
  ): Promise<void> {
    const { cookies, csrf } = this.deps;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const cookieHeader = req.headers.cookie;
    const asked = url.searchParams.get('lng');
    const remembered = readCookie(cookieHeader, cookies.languageName);
    const language: Language = isLanguage(asked)
      ? asked
      : isLanguage(remembered)
        ? remembered
        : languageFromLocale(String(req.headers['accept-language'] ?? '').split(/[,;]/)[0]);
    const setCookies: string[] = [];
    if (isLanguage(asked) && asked !== remembered) setCookies.push(cookies.language(asked));
    const { token, setCookie } = csrf.tokenFor(cookieHeader);
    if (setCookie) setCookies.push(setCookie);
    const words = new AdminWords(this.deps.texts, this.deps.catalogue, language);
    const context: AdminContext = {
      req,
      language,
      words,
      query: url.searchParams,
      form: new URLSearchParams(),
      csrfToken: token,
      sessionCookie: readCookie(cookieHeader, cookies.sessionName) || undefined,
    };

    let outcome: AdminOutcome;
    try {
      outcome = await this.prepare(context, needsSession, handler);
    } catch (err) {
      this.deps.logger.error({ err: loggableError(err), route }, 'staff dashboard page failed');
      outcome = this.message(context, 503, 'unavailable');
    }
    if (res.headersSent || res.destroyed) return;
    setCookies.push(...(outcome.setCookies ?? []));
    const cookieHeaders: Record<string, string[]> =
      setCookies.length > 0 ? { 'Set-Cookie': setCookies } : {};
    if (outcome.kind === 'redirect') {
      // No page, so no Content-Type: only the headers every dashboard answer carries.
      res.sendRaw(303, '', {
        ...SECURITY_HEADERS,
        'Cache-Control': 'no-store',
        ...cookieHeaders,
        Location: outcome.location,
      });
      return;
    }
    const switchUrl = new URL(
      req.method === 'GET' ? url.pathname + url.search : (outcome.switchPath ?? '/admin'),
      'http://localhost',
    );
    switchUrl.searchParams.set('lng', otherLanguage(language));
    const html = this.deps.layout.page({
      language,
      title: outcome.title,
      body: outcome.body,
      switchHref: switchUrl.pathname + switchUrl.search,
      staff: context.staff,
      csrfToken: token,
      section: outcome.section,
      refreshSeconds: outcome.refreshSeconds,
    });
    sendPage(res, {
      status: outcome.status,
      html,
      headers: { ...cookieHeaders, ...(outcome.close ? { Connection: 'close' } : {}) },
    });
  }

  /** Resumes the session, refuses a missing one, reads and checks a posted form, runs the handler. */
  private async prepare(
    context: AdminContext,
    needsSession: boolean,
    handler: AdminHandler,
  ): Promise<AdminOutcome> {
    const { req } = context;
    if (context.sessionCookie) {
      const session = await this.deps.sessions.resume(context.sessionCookie);
      // A member removed from the accounts file loses access at once.
      context.staff = session && this.deps.accounts.get(session.staffId);
    }
    if (needsSession && !context.staff) {
      // The form is not read: nothing in it will be used.
      if (req.method === 'POST') req.resume();
      return this.refuse(context);
    }
    if (req.method !== 'POST') return handler(context);
    try {
      context.form = await readFormBody(req, this.deps.maxBodyBytes);
    } catch (err) {
      if (!(err instanceof RequestBodyError)) throw err;
      return {
        ...this.message(context, err.status, 'badRequest'),
        // An oversized body is not drained: closing the connection is cheaper.
        ...(err.status === 413 ? { close: true } : {}),
      };
    }
    if (!this.deps.csrf.matches(req.headers.cookie, context.form.get('csrf'))) {
      this.deps.logger.info({ event: 'staff_csrf_refused', path: req.path() }, 'CSRF refused');
      return this.message(context, 403, 'forbidden');
    }
    return handler(context);
  }

  /** Not signed in: a GET goes to the login page (and comes back after), a POST is refused. */
  private refuse(context: AdminContext): AdminOutcome {
    const clear = context.sessionCookie ? [this.deps.cookies.clearSession()] : undefined;
    if (context.req.method === 'GET') {
      const url = new URL(context.req.url ?? '/admin', 'http://localhost');
      url.searchParams.delete('lng');
      const login = new URLSearchParams({ next: url.pathname + url.search });
      if (context.sessionCookie) login.set('ended', '1');
      return { kind: 'redirect', location: `/admin/login?${login}`, setCookies: clear };
    }
    return { ...this.message(context, 401, 'unauthorized'), setCookies: clear };
  }

  /** A page that says one thing: refused, not found, failed. */
  private message(context: AdminContext, status: number, message: AdminMessage): AdminPageOutcome {
    return {
      kind: 'page',
      status,
      title: context.words.t(`message.${message}.title`),
      body: messageBody(context.words, message, context.staff !== undefined),
    };
  }
}
