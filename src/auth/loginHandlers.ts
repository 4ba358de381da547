import type { Request } from 'restify';
import { RequestBodyError } from '../http/errors';
import type { Page } from '../http/page';
import { readFormBody } from '../http/requestBody';
import { isLanguage, languageFromLocale, type Language } from '../i18n/language';
import type { Logger } from '../platform/logger';
import { chatDisplayName } from './chatDisplayName';
import type { CsrfCookie } from './csrfCookie';
import type { IdentitySource } from './identityProvider';
import type { LoginAttemptLimiter } from './loginAttemptLimiter';
import type { LoginFinisher } from './loginFinisher';
import type { LinkingView, LoginPages } from './loginPages';
import type { LoginRequest, LoginRequestStore } from './loginRequest';
import type { SsoBrowserBinding } from './ssoBrowserBinding';
import { normalizeStudentId, type StudentIdTagger } from './studentId';

export interface LoginHandlerDeps {
  pages: LoginPages;
  csrf: CsrfCookie;
  tagger: StudentIdTagger;
  logger: Logger;
  identity: IdentitySource;
  loginRequests: LoginRequestStore;
  limiter: LoginAttemptLimiter;
  finisher: LoginFinisher;
  /** Ties a single sign-on's answer to the browser that started it. */
  browserBinding: SsoBrowserBinding;
  clientAddress: (req: Request) => string;
  maxBodyBytes: number;
}

/**
 * The login page. `GET /auth/login?request=` names the chat being linked, then either shows our
 * form (the directory file) or offers to continue to the university's single sign-on
 * (`GET /auth/login/start`, which goes to the identity provider). Posting our form checks, in
 * this order, the CSRF token, the request, the fields, the rate limit and the password — and
 * only then lets the {@link LoginFinisher} use up the request. So a forged post, a wrong
 * password or a limited attempt leave the link usable.
 */
export class LoginHandlers {
  constructor(private readonly deps: LoginHandlerDeps) {}

  async show(req: Request): Promise<Page> {
    const query = queryOf(req);
    const requestId = query.get('request') ?? '';
    const request = await this.deps.loginRequests.peek(requestId);
    const language = chooseLanguage(query.get('lng'), request?.language, req);
    if (!request) return this.invalidLink(language, requestId);
    if (this.deps.identity.kind === 'sso') {
      const html = this.deps.pages.singleSignOn({
        language,
        requestId,
        linking: linkingOf(request),
      });
      return { status: 200, html };
    }
    const { token, setCookie } = this.deps.csrf.tokenFor(req.headers.cookie);
    return {
      status: 200,
      html: this.deps.pages.form({
        language,
        requestId,
        csrfToken: token,
        linking: linkingOf(request),
      }),
      headers: setCookie ? { 'Set-Cookie': setCookie } : undefined,
    };
  }

  /** Single sign-on: sends the browser to the identity provider for a pending request. */
  async start(req: Request): Promise<Page> {
    const query = queryOf(req);
    const requestId = query.get('request') ?? '';
    const request = await this.deps.loginRequests.peek(requestId);
    const language = chooseLanguage(query.get('lng'), request?.language, req);
    if (this.deps.identity.kind !== 'sso') {
      return { status: 404, html: this.deps.pages.message(language, 'badRequest') };
    }
    if (!request) return this.invalidLink(language, requestId);
    const binding = this.deps.browserBinding.issue();
    const location = await this.deps.identity.sso.start(request, binding.key);
    return {
      status: 303,
      html: '',
      headers: { Location: location, 'Set-Cookie': binding.setCookie },
    };
  }

  async submit(req: Request): Promise<Page> {
    let form: URLSearchParams;
    try {
      form = await readFormBody(req, this.deps.maxBodyBytes);
    } catch (err) {
      if (!(err instanceof RequestBodyError)) throw err;
      this.deps.logger.debug({ event: 'login_refused', code: err.code }, 'login form unreadable');
      const language = chooseLanguage(queryOf(req).get('lng'), undefined, req);
      return {
        status: err.status,
        html: this.deps.pages.message(language, 'badRequest'),
        // An oversized body is not drained: closing the connection is cheaper.
        headers: err.status === 413 ? { Connection: 'close' } : undefined,
      };
    }
    const { finisher } = this.deps;
    const requestId = form.get('request') ?? '';
    const csrfToken = form.get('csrf') ?? '';
    if (!this.deps.csrf.matches(req.headers.cookie, csrfToken)) {
      const language = chooseLanguage(form.get('lng'), undefined, req);
      return finisher.refuse(language, 'csrf', 'forbidden');
    }
    const request = await this.deps.loginRequests.peek(requestId);
    const language = chooseLanguage(form.get('lng'), request?.language, req);
    if (!request) return finisher.refuse(language, 'invalid', 'invalidLink', requestId);
    if (this.deps.identity.kind !== 'password') {
      // Single sign-on: our form takes no password at all.
      return finisher.refuse(language, 'refused', 'badRequest');
    }

    const typed = form.get('studentId') ?? '';
    const password = form.get('password') ?? '';
    const again = (status: number, errors: string[]): Page => ({
      status,
      html: this.deps.pages.form({
        language,
        requestId,
        csrfToken,
        linking: linkingOf(request),
        studentId: typed.trim(),
        errors,
      }),
    });
    const studentId = normalizeStudentId(typed);
    if (!studentId || !password) return again(422, ['form.empty']);

    const attempt = { studentId, address: this.deps.clientAddress(req) };
    const student = this.deps.tagger.tag(studentId);
    if (!(await this.deps.limiter.acquire(attempt))) {
      finisher.record('limited', { student });
      return again(429, ['form.invalidCredentials', 'form.tryLater']);
    }
    const identity = await this.deps.identity.check.authenticate(studentId, password);
    if (!identity) {
      finisher.record('failed', { student });
      return again(401, ['form.invalidCredentials']);
    }
    await this.deps.limiter.succeeded(attempt);
    return finisher.finish(requestId, identity, language);
  }

  private invalidLink(language: Language, requestId: string): Page {
    return { status: 410, html: this.deps.pages.message(language, 'invalidLink', requestId) };
  }
}

/** What the page says is being linked; the name is bounded again, whatever the store held. */
function linkingOf(request: LoginRequest): LinkingView {
  const displayName = chatDisplayName(request.displayName);
  return { channel: request.account.channel, ...(displayName ? { displayName } : {}) };
}

export function queryOf(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

/** `lng` asked for (link or form), else the login request's language, else the browser's. */
export function chooseLanguage(
  asked: string | null,
  requestLanguage: Language | undefined,
  req: Request,
): Language {
  if (isLanguage(asked)) return asked;
  if (requestLanguage) return requestLanguage;
  const first = String(req.headers['accept-language'] ?? '').split(',')[0];
  return languageFromLocale(first.split(';')[0]);
}
