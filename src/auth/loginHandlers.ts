import type { Request } from 'restify';
import { loggableError } from '../http/loggableError';
import type { Page } from '../http/page';
import { readFormBody } from '../http/requestBody';
import { RequestBodyError } from '../http/errors';
import { isLanguage, languageFromLocale, type Language } from '../i18n/language';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { DirectoryEntry } from '../students/student';
import type { CsrfCookie } from './csrfCookie';
import type { IdentityProvider } from './identityProvider';
import type { LoginAttemptLimiter } from './loginAttemptLimiter';
import { chatDisplayName } from './chatDisplayName';
import type { LinkingView, LoginPages } from './loginPages';
import type { LoginOutcome, LoginRequest, LoginRequestStore } from './loginRequest';
import { normalizeStudentId, type StudentIdTagger } from './studentId';

export interface LoginHandlerDeps {
  pages: LoginPages;
  csrf: CsrfCookie;
  tagger: StudentIdTagger;
  logger: Logger;
  metrics?: Metrics;
  identity: IdentityProvider;
  loginRequests: LoginRequestStore;
  limiter: LoginAttemptLimiter;
  completeLogin: (request: LoginRequest, entry: DirectoryEntry) => Promise<LoginOutcome>;
  clientAddress: (req: Request) => string;
  maxBodyBytes: number;
}

type Outcome = 'ok' | 'failed' | 'limited' | 'invalid' | 'csrf' | 'error';

/**
 * The login page's two steps. Showing the form never uses the request; posting it checks, in
 * this order, the CSRF token, the request, the fields, the rate limit and the password — and only
 * then takes (uses up) the request and completes the login. So a forged post, a wrong password
 * or a limited attempt leave the link usable.
 */
export class LoginHandlers {
  constructor(private readonly deps: LoginHandlerDeps) {}

  async show(req: Request): Promise<Page> {
    const query = queryOf(req);
    const requestId = query.get('request') ?? '';
    const request = await this.deps.loginRequests.peek(requestId);
    const language = chooseLanguage(query.get('lng'), request?.language, req);
    if (!request) return this.invalidLink(language, requestId);
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
    const requestId = form.get('request') ?? '';
    const csrfToken = form.get('csrf') ?? '';
    if (!this.deps.csrf.matches(req.headers.cookie, csrfToken)) {
      this.record('csrf');
      const language = chooseLanguage(form.get('lng'), undefined, req);
      return { status: 403, html: this.deps.pages.message(language, 'forbidden') };
    }
    const request = await this.deps.loginRequests.peek(requestId);
    const language = chooseLanguage(form.get('lng'), request?.language, req);
    if (!request) {
      this.record('invalid');
      return this.invalidLink(language, requestId);
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
      this.record('limited', { student });
      return again(429, ['form.invalidCredentials', 'form.tryLater']);
    }
    const entry = await this.deps.identity.authenticate(studentId, password);
    if (!entry) {
      this.record('failed', { student });
      return again(401, ['form.invalidCredentials']);
    }
    await this.deps.limiter.succeeded(attempt);

    const taken = await this.deps.loginRequests.take(requestId);
    if (!taken) {
      this.record('invalid');
      return this.invalidLink(language, requestId);
    }
    let outcome: LoginOutcome;
    try {
      outcome = await this.deps.completeLogin(taken, entry);
    } catch (err) {
      // The request is used up: the page sends the student back to the chat for a new link.
      this.deps.metrics?.logins.inc({ outcome: 'error' });
      this.deps.logger.error({ err: loggableError(err), student }, 'completing a login failed');
      return { status: 503, html: this.deps.pages.message(language, 'unavailable') };
    }
    this.record('ok', { student, channel: taken.account.channel, next: outcome.kind });
    if (outcome.kind === 'redirect') {
      return { status: 303, html: '', headers: { Location: outcome.url } };
    }
    return { status: 200, html: this.deps.pages.done(language, entry.name[language]) };
  }

  private invalidLink(language: Language, requestId: string): Page {
    return { status: 410, html: this.deps.pages.message(language, 'invalidLink', requestId) };
  }

  /** One metric and one log line per outcome; `student` is a tag, never the ID itself. */
  private record(outcome: Outcome, fields: Record<string, string> = {}): void {
    this.deps.metrics?.logins.inc({ outcome });
    const level = outcome === 'limited' ? 'warn' : 'info';
    this.deps.logger[level]({ event: 'login', outcome, ...fields }, `university login: ${outcome}`);
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
