import type { Request, Response, Server } from 'restify';
import { loadAssets, publicDir, sendAsset } from '../http/assets';
import { clientAddressResolver, type ClientAddress } from '../http/clientAddress';
import { loggableError } from '../http/loggableError';
import { sendPage, type Page } from '../http/page';
import type { Texts } from '../i18n/i18n';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { DirectoryEntry } from '../students/student';
import type { StudentRecords } from '../students/studentRecords';
import { CsrfCookie } from './csrfCookie';
import type { IdentitySource } from './identityProvider';
import { LoginFinisher } from './loginFinisher';
import { SsoBrowserBinding } from './ssoBrowserBinding';
import type { LoginAttemptLimiter } from './loginAttemptLimiter';
import { chooseLanguage, LoginHandlers, queryOf } from './loginHandlers';
import { LoginPages } from './loginPages';
import type { LoginOutcome, LoginRequest, LoginRequestStore } from './loginRequest';
import { StudentIdTagger } from './studentId';

/** The login page's style and script, read once at start-up and served under `/auth/static/`. */
const LOGIN_ASSETS = {
  'login.css': 'text/css; charset=utf-8',
  'login.js': 'text/javascript; charset=utf-8',
} as const;

export interface AuthRouteDeps {
  texts: Texts;
  logger: Logger;
  metrics?: Metrics;
  /** Not read by the routes themselves: the stores and the limiter carry their own clock. */
  clock?: Clock;
  /** Our form against a directory file, or single sign-on (SAML / OIDC). */
  identity: IdentitySource;
  /** The registrar's records: a login binds only a student found there. */
  records: StudentRecords;
  loginRequests: LoginRequestStore;
  limiter: LoginAttemptLimiter;
  /** Binds the account (web chat, Teams) or prepares LINE's account link; called once per request. */
  completeLogin: (request: LoginRequest, entry: DirectoryEntry) => Promise<LoginOutcome>;
  /** Marks the CSRF cookie `Secure` (and `__Host-`): true whenever the public URL is https. */
  secureCookies: boolean;
  /**
   * The address the login limits count. Default: the TCP peer. Behind a reverse proxy, the app
   * passes {@link clientAddressResolver} of `TRUSTED_PROXIES`, which believes only their header.
   */
  clientAddress?: ClientAddress;
  /** HMAC key of the student-ID tags in logs; default a random key per process. */
  logTagKey?: string;
  /** Default 4 KiB: an ID, a password and three hidden fields. */
  maxBodyBytes?: number;
}

/**
 * Adds the university login page: `GET /auth/login?request=<id>[&lng=ja|en]` names the chat being
 * linked and shows our form (`POST /auth/login` checks it) or, with single sign-on, the way on
 * (`GET /auth/login/start`, then the provider's own callback route); `/auth/static/login.{css,js}`
 * style it. Every login ends in one {@link LoginFinisher}. Every answer carries
 * the web chat's security headers and `Cache-Control: no-store`; a failure of our own is a 503
 * page in the student's language, never a stack trace.
 */
export function registerAuthRoutes(server: Server, deps: AuthRouteDeps): void {
  const pages = new LoginPages(deps.texts);
  const tagger = new StudentIdTagger(deps.logTagKey);
  const browserBinding = new SsoBrowserBinding(deps.secureCookies);
  const finisher = new LoginFinisher({
    pages,
    loginRequests: deps.loginRequests,
    records: deps.records,
    completeLogin: deps.completeLogin,
    tagger,
    logger: deps.logger,
    metrics: deps.metrics,
  });
  const handlers = new LoginHandlers({
    pages,
    csrf: new CsrfCookie(deps.secureCookies),
    tagger,
    logger: deps.logger,
    identity: deps.identity,
    loginRequests: deps.loginRequests,
    limiter: deps.limiter,
    finisher,
    browserBinding,
    clientAddress: deps.clientAddress ?? clientAddressResolver([]),
    maxBodyBytes: deps.maxBodyBytes ?? 4096,
  });

  const page =
    (route: string, handler: (req: Request) => Promise<Page>) =>
    async (req: Request, res: Response): Promise<void> => {
      let result: Page;
      try {
        result = await handler(req);
      } catch (err) {
        deps.metrics?.logins.inc({ outcome: 'error' });
        deps.logger.error({ err: loggableError(err), route }, 'login page failed');
        const language = chooseLanguage(queryOf(req).get('lng'), undefined, req);
        result = { status: 503, html: pages.message(language, 'unavailable') };
      }
      sendPage(res, result);
    };

  server.get(
    '/auth/login',
    page('show', (req) => handlers.show(req)),
  );
  server.post(
    '/auth/login',
    page('submit', (req) => handlers.submit(req)),
  );
  server.get(
    '/auth/login/start',
    page('start', (req) => handlers.start(req)),
  );
  if (deps.identity.kind === 'sso') deps.identity.sso.register(server, finisher, browserBinding);

  for (const [name, asset] of Object.entries(loadAssets(publicDir('auth'), LOGIN_ASSETS))) {
    server.get(`/auth/static/${name}`, async (_req: Request, res: Response): Promise<void> => {
      sendAsset(res, asset);
    });
  }
}
