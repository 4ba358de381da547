import type { Request, Response, Server } from 'restify';
import { AddressRateLimiter } from '../../http/addressRateLimiter';
import { clientAddressResolver } from '../../http/clientAddress';
import { StateUnavailableError } from '../../http/errors';
import { loggableError } from '../../http/loggableError';
import { SECURITY_HEADERS } from '../../http/securityHeaders';
import { stateUnavailableHeaders, type StateAvailable } from '../../http/stateUnavailable';
import type { Texts } from '../../i18n/i18n';
import { isLanguage, languageFromLocale, LANGUAGES, type Language } from '../../i18n/language';
import type { Logger } from '../../platform/logger';
import type { Metrics } from '../../platform/metrics';
import { systemClock } from '../../platform/clock';
import { MemoryRateLimiter } from '../../rateLimits/memoryRateLimiter';
import type { TurnQueue } from '../../turns/turnQueue';
import { readJsonBody } from './readJsonBody';
import { WEBCHAT_CHANNEL_ID } from './webChatActivity';
import { WebChatApi, type ApiResult } from './webChatApi';
import { DEFAULT_WEBCHAT_LIMITS, type WebChatLimits } from './webChatLimits';
import type { WebChatOutbox } from './webChatOutbox';
import { WebChatPage } from './webChatPage';
import { WebChatRequestError } from './errors';

export interface WebChatRouteDeps {
  queue: TurnQueue;
  outbox: WebChatOutbox;
  texts: Texts;
  logger: Logger;
  metrics: Metrics;
  /** Defaults: {@link DEFAULT_WEBCHAT_LIMITS}. */
  limits?: Partial<WebChatLimits>;
  /** Counts sessions per client address; default: in this process, by the TCP peer. */
  addressLimiter?: AddressRateLimiter;
  /** False while Redis is unreachable: posts are then refused (503 `unavailable`) untouched. */
  stateAvailable?: StateAvailable;
}

type Handler = (req: Request, res: Response) => Promise<ApiResult | Asset>;

interface Asset {
  status: number;
  asset: string;
  contentType: string;
  headers?: Record<string, string>;
}

/**
 * Adds the web chat to `server`: the page at `GET /`, its script, style and strings under
 * `/webchat/`, and the JSON API under `/api/webchat/`. Bodies are read here, route by route
 * (no global body parser: LINE needs its raw body). Opening sessions is limited per client
 * address (429 `too_many_sessions` with `Retry-After`). While state cannot be reached every
 * request is answered 503 `unavailable` with `Retry-After`, and a post stores nothing. Shutting
 * down, close the outbox first: that answers the waiting long polls.
 */
export function registerWebChatRoutes(server: Server, deps: WebChatRouteDeps): void {
  const limits: WebChatLimits = { ...DEFAULT_WEBCHAT_LIMITS, ...deps.limits };
  const api = new WebChatApi(deps.queue, deps.outbox, limits);
  const page = WebChatPage.load();
  const route = routeWith(deps);
  const addressLimiter =
    deps.addressLimiter ??
    new AddressRateLimiter(new MemoryRateLimiter(systemClock), clientAddressResolver([]));
  const sessionRule = { name: 'webchat-session', ...limits.sessionsPerAddress };
  const body = (req: Request, optional = false): Promise<unknown> =>
    readJsonBody(req, { limitBytes: limits.maxBodyBytes, optional });
  const requireState = (route: string): void => {
    if (deps.stateAvailable && !deps.stateAvailable()) throw new StateUnavailableError(route);
  };

  server.post(
    '/api/webchat/sessions',
    route('session', async (req) => {
      requireState('session');
      const wait = await addressLimiter.retryAfterSeconds(sessionRule, req);
      if (wait !== undefined) {
        throw new WebChatRequestError(429, 'too_many_sessions', { 'Retry-After': String(wait) });
      }
      return api.createSession(await body(req, true));
    }),
  );
  server.post(
    '/api/webchat/messages',
    route('message', async (req) => {
      requireState('message');
      return api.postMessage(await body(req));
    }),
  );
  server.get(
    '/api/webchat/messages',
    route('poll', async (req, res) => {
      // The page going away ends the wait, so an abandoned poll holds nothing.
      const aborted = new AbortController();
      res.once('close', () => aborted.abort());
      return api.poll(queryOf(req), aborted.signal);
    }),
  );
  server.get(
    '/',
    route('page', async (req) => {
      const language = pageLanguage(req);
      return {
        status: 200,
        asset: page.html(language, deps.texts.t(language, 'webchat'), limits.maxTextLength),
        contentType: 'text/html; charset=utf-8',
        headers: { Vary: 'Accept-Language' },
      };
    }),
  );
  for (const name of WebChatPage.assetNames) {
    server.get(
      `/webchat/${name}`,
      route('asset', async () => {
        const { content, contentType } = page.asset(name);
        return { status: 200, asset: content, contentType };
      }),
    );
  }
  server.get(
    '/webchat/i18n.json',
    route('strings', async (req) => {
      const lng = queryOf(req).get('lng');
      if (!isLanguage(lng)) throw new WebChatRequestError(400, 'invalid_language');
      return { status: 200, body: deps.texts.raw(lng, 'page', 'webchat') };
    }),
  );
}

/** Runs a handler and answers exactly once: its result, a refusal, or 503 for our own fault. */
function routeWith(deps: WebChatRouteDeps) {
  return (name: string, handler: Handler) =>
    async (req: Request, res: Response): Promise<void> => {
      let result: ApiResult | Asset;
      try {
        result = await handler(req, res);
      } catch (err) {
        if (err instanceof WebChatRequestError) {
          deps.metrics.webhookRejections.inc({ channel: WEBCHAT_CHANNEL_ID, reason: err.code });
          deps.logger.debug(
            { channel: WEBCHAT_CHANNEL_ID, route: name, status: err.status, code: err.code },
            'web-chat request refused',
          );
          result = { status: err.status, body: { error: err.code }, headers: err.headers };
        } else {
          if (err instanceof StateUnavailableError) {
            deps.logger.warn({ channel: WEBCHAT_CHANNEL_ID, route: name }, err.message);
          } else {
            deps.logger.error(
              { err: loggableError(err), channel: WEBCHAT_CHANNEL_ID, route: name },
              'web-chat request failed',
            );
          }
          // The page says, in the student's language, to try again in a little while.
          result = {
            status: 503,
            body: { error: 'unavailable' },
            headers: stateUnavailableHeaders(),
          };
        }
      }
      if (res.headersSent || res.destroyed) return;
      const [content, type, cache] =
        'asset' in result
          ? [result.asset, result.contentType, 'no-cache']
          : [JSON.stringify(result.body), 'application/json; charset=utf-8', 'no-store'];
      res.sendRaw(result.status, content, {
        ...SECURITY_HEADERS,
        'Content-Type': type,
        'Cache-Control': cache,
        ...result.headers,
      });
    };
}

function queryOf(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

/** `?lng=` first, then the first Japanese or English entry of Accept-Language. */
function pageLanguage(req: Request): Language {
  const asked = queryOf(req).get('lng');
  if (isLanguage(asked)) return asked;
  const tags = String(req.headers['accept-language'] ?? '')
    .split(',')
    .map((entry) => entry.split(';')[0].trim());
  const spoken = tags.find((tag) =>
    (LANGUAGES as readonly string[]).includes(tag.split('-')[0].toLowerCase()),
  );
  return languageFromLocale(spoken);
}
