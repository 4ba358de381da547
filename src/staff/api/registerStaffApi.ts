import type { Request, Response, Server } from 'restify';
import { loggableError } from '../../http/loggableError';
import type { Texts } from '../../i18n/i18n';
import { languageFromLocale, type Language } from '../../i18n/language';
import type { Catalogue } from '../../orders/catalogue';
import type { Logger } from '../../platform/logger';
import type { DeadLetters } from '../../turns/deadLetters';
import type { StaffDesk } from '../staffDesk';
import { STAFF_API_DOCUMENT } from './openApiDocument';
import type { PushIdempotency } from './pushIdempotency';
import { readStaffJson } from './readStaffJson';
import type { StaffApiCall, StaffApiResult } from './staffApiCall';
import { StaffApiError } from './errors';
import { StaffApiHandlers } from './staffApiHandlers';
import { STAFF_API_HEADERS } from './staffApiHeaders';
import { allowedMethods, STAFF_API_ROUTES } from './staffApiRoutes';
import { BearerTokens, type BearerToken } from '../../http/bearerTokens';

export interface StaffApiDeps {
  desk: StaffDesk;
  /** `config.staff.apiTokens`; none → every request is refused with 401. */
  tokens: readonly BearerToken[];
  catalogue: Pick<Catalogue, 'certificates'>;
  idempotency: PushIdempotency;
  /** Events that could not be parsed, queued or run (`GET /admin/api/dead-letters`). */
  deadLetters: Pick<DeadLetters, 'list'>;
  texts: Texts;
  logger: Logger;
}

const CHALLENGE = 'Bearer realm="staff-api"';
const FALLBACK_METHODS = ['get', 'head', 'post', 'put', 'patch', 'del', 'opts'] as const;

type Handle = (call: StaffApiCall) => Promise<StaffApiResult>;

/**
 * The staff JSON API under `/admin/api` (see `openApiDocument.ts`). Every request, to a known
 * route or not, first needs a valid bearer token (401 otherwise); then an unknown path is 404
 * and a known one asked with another method 405. Routes are thin: handlers return results, the
 * route writes them with the API's headers, and turns refusals into `{ error: {...} }`.
 */
export function registerStaffApi(server: Server, deps: StaffApiDeps): void {
  const tokens = new BearerTokens(deps.tokens);
  if (!tokens.configured) {
    deps.logger.info('STAFF_API_TOKENS is not set: the staff API answers 401 to every request');
  }
  const handlers = new StaffApiHandlers({ ...deps, document: STAFF_API_DOCUMENT });
  const answer = (name: string, handle: Handle) => async (req: Request, res: Response) => {
    const language = languageFromLocale(req.header('accept-language')?.split(',')[0]);
    let result: StaffApiResult;
    try {
      result = await handle(authenticated(req, tokens));
    } catch (err) {
      result = refusal(err, language, deps, name);
    }
    if (res.headersSent || res.destroyed) return;
    res.sendRaw(result.status, JSON.stringify(result.body), {
      ...STAFF_API_HEADERS,
      ...result.headers,
    });
  };

  for (const route of STAFF_API_ROUTES) {
    const handle: Handle = (call) => handlers[route.operation](call);
    if (route.method === 'GET') server.get(route.path, answer(route.operation, handle));
    else server.post(route.path, answer(route.operation, handle));
  }
  // Answers only after the token check, so without a token nothing tells which paths exist.
  const fallback = answer('fallback', async (call) => {
    const allowed = allowedMethods(call.pathname);
    if (allowed.length === 0) throw new StaffApiError(404, 'not_found');
    throw new StaffApiError(405, 'method_not_allowed', [], { Allow: allowed.join(', ') });
  });
  for (const method of FALLBACK_METHODS) {
    server[method]('/admin/api', fallback);
    server[method]('/admin/api/*', fallback);
  }
}

/** The call of a request with a valid token; throws the 401 otherwise. */
function authenticated(req: Request, tokens: BearerTokens): StaffApiCall {
  const check = tokens.check(req.header('authorization') || undefined);
  if (check.kind !== 'valid') {
    const challenge = check.kind === 'invalid' ? `${CHALLENGE}, error="invalid_token"` : CHALLENGE;
    throw new StaffApiError(401, 'unauthorized', [], { 'WWW-Authenticate': challenge });
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  return {
    actor: `api:${check.name}`,
    params: { ...(req.params as Record<string, string>) },
    query: url.searchParams,
    pathname: url.pathname,
    header: (name) => req.header(name) || undefined,
    body: () => readStaffJson(req),
  };
}

function refusal(err: unknown, language: Language, deps: StaffApiDeps, route: string) {
  const known = err instanceof StaffApiError;
  const failure = known ? err : new StaffApiError(503, 'unavailable');
  if (known) {
    const level = failure.status === 401 ? 'info' : 'debug';
    deps.logger[level]({ route, status: failure.status, code: failure.code }, 'staff API refusal');
  } else {
    deps.logger.error({ err: loggableError(err), route }, 'staff API request failed');
  }
  const message = deps.texts.t(language, 'staffApi')(`errors.${failure.code}`);
  const problems = failure.problems.length > 0 ? { problems: failure.problems } : {};
  const lineQuota = failure.lineQuota ? { lineQuota: failure.lineQuota } : {};
  return {
    status: failure.status,
    body: { error: { code: failure.code, message, ...problems, ...lineQuota } },
    headers: failure.headers,
  } satisfies StaffApiResult;
}
