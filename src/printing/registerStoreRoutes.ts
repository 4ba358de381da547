import { DateTime } from 'luxon';
import type { Request, Response, Server } from 'restify';
import { AddressRateLimiter } from '../http/addressRateLimiter';
import { clientAddressResolver } from '../http/clientAddress';
import { loggableError } from '../http/loggableError';
import { otherLanguage, switchHref } from '../http/otherLanguage';
import { sendPage, type Page } from '../http/page';
import { readFormBody } from '../http/requestBody';
import { RequestBodyError } from '../http/errors';
import { requestLanguage } from '../http/requestLanguage';
import type { Texts } from '../i18n/i18n';
import { isLanguage, type Language } from '../i18n/language';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { MemoryRateLimiter } from '../rateLimits/memoryRateLimiter';
import type { RateRule } from '../rateLimits/rateLimiter';
import type { PrintJobStore } from './printJobStore';
import type { PrintedNotices } from './printNetworkPort';
import { VERIFY_PATH } from './renderCertificatePdf';
import {
  networkOfLength,
  normalizeReservationNumber,
  RESERVATION_NUMBER_LENGTH,
} from './reservationNumber';
import { STORE_RATE_RULES } from './storeRateRules';
import { STORE_PATH, StorePages, storeHref, type CopierProblem } from './storePages';
import { isStoreId, STORES, type StoreId } from './stores';
import { parseVerificationCode } from './verificationCode';

export interface StoreRouteDeps {
  jobs: PrintJobStore;
  /** Told about every print; marks the order printed and tells the student. */
  printed: PrintedNotices;
  texts: Texts;
  logger: Logger;
  clock: Clock;
  /**
   * Bounds guessing: numbers typed, documents fetched and codes looked up per client address
   * ({@link STORE_RATE_RULES}). Default: counted in this process, by the TCP peer.
   */
  addressLimiter?: AddressRateLimiter;
  /**
   * Serve the store-copier simulator (`/store…`, its document download). False in production:
   * anyone with a reservation number could print there. The verification page is always served.
   */
  simulator: boolean;
}

/** The form holds a number and a language: a few dozen bytes. */
const FORM_LIMIT_BYTES = 2048;

const PROBLEM_STATUS: Record<CopierProblem['kind'], number> = {
  empty: 400,
  characters: 400,
  wrongLength: 400,
  otherNetwork: 400,
  unknown: 404,
  expired: 410,
  badRequest: 400,
  error: 503,
};

/**
 * The store-copier simulator of the local print network and the certificates' verification
 * page: `GET /store` (choose a store), `GET|POST /store/:store` (the copier: type the
 * reservation number, Print), `GET /store/document/:number` (the PDF, once printed) and
 * `GET /verify/:code` (the simulator only with `deps.simulator`). Every answer is `no-store`;
 * numbers are never logged. Typed numbers, documents and codes are limited per client address:
 * over the limit, 429 with `Retry-After` and a page in the reader's language, so that guessing
 * them is hopeless.
 */
export function registerStoreRoutes(server: Server, deps: StoreRouteDeps): void {
  const pages = new StorePages(deps.texts);
  const limiter =
    deps.addressLimiter ??
    new AddressRateLimiter(new MemoryRateLimiter(deps.clock), clientAddressResolver([]));
  /** The 429 page when `req` is over `rule`, else undefined (and the request is counted). */
  const limited = async (
    rule: RateRule,
    req: Request,
    language: Language,
    page: 'copier' | 'verify',
    otherHref: string,
  ): Promise<Page | undefined> => {
    const wait = await limiter.retryAfterSeconds(rule, req);
    if (wait === undefined) return undefined;
    deps.logger.warn({ rule: rule.name, retryAfterSeconds: wait }, 'store page rate-limited');
    return {
      status: 429,
      html: pages.tooMany(language, page, wait, otherHref),
      headers: { 'Retry-After': String(wait) },
    };
  };
  const html =
    (name: string, handler: (req: Request) => Promise<Page>) =>
    async (req: Request, res: Response): Promise<void> => {
      let page: Page;
      try {
        page = await handler(req);
      } catch (err) {
        deps.logger.error({ err: loggableError(err), route: name }, 'store copier page failed');
        page = { status: 503, html: pages.error(languageOf(req)) };
      }
      deps.logger.debug({ route: name, status: page.status }, 'store copier page');
      sendPage(res, page);
    };

  const verify = html('verify', async (req) => {
    const language = languageOf(req);
    const typed = String(req.params.code ?? '').slice(0, 64);
    const code = parseVerificationCode(typed);
    const otherHref = switchHref(
      `${VERIFY_PATH}/${encodeURIComponent(code ?? 'unknown')}`,
      language,
    );
    const rule = STORE_RATE_RULES.verification;
    const tooMany = await limited(rule, req, language, 'verify', otherHref);
    if (tooMany) return tooMany;
    const certificate = code ? await deps.jobs.verification(code) : undefined;
    if (!certificate) return { status: 404, html: pages.notVerified(language, otherHref) };
    const html = pages.verified(language, certificate, otherHref, deps.clock.now());
    return { status: 200, html };
  });
  server.get(`${VERIFY_PATH}/:code`, verify);
  // What the router cannot take as a code (longer than its parameters allow, not UTF-8) would
  // get restify's JSON 404; it gets the page saying no certificate has it, counted like any
  // other lookup.
  server.pre((req: Request, _res: Response, next: () => void) => {
    const [path, query] = splitUrl(req.url ?? '');
    if (path.startsWith(`${VERIFY_PATH}/`) && !routableCode(path.slice(VERIFY_PATH.length + 1))) {
      req.url = `${VERIFY_PATH}/-${query}`;
    }
    next();
  });
  if (!deps.simulator) return;

  server.get(
    STORE_PATH,
    html('picker', async (req) => ({ status: 200, html: pages.picker(languageOf(req)) })),
  );

  server.get(
    `${STORE_PATH}/:store`,
    html('copier', async (req) => {
      const language = languageOf(req);
      const store = req.params.store;
      if (!isStoreId(store)) return notFound(pages, language, switchHref(STORE_PATH, language));
      return { status: 200, html: pages.copier(language, store) };
    }),
  );

  server.post(
    `${STORE_PATH}/:store`,
    html('print', async (req) => {
      const fallback = languageOf(req);
      const store = req.params.store;
      if (!isStoreId(store)) {
        req.resume();
        return notFound(pages, fallback, switchHref(STORE_PATH, fallback));
      }
      let form: URLSearchParams;
      try {
        form = await readFormBody(req, FORM_LIMIT_BYTES);
      } catch (err) {
        if (!(err instanceof RequestBodyError)) throw err;
        const page = copierProblem(pages, fallback, store, '', { kind: 'badRequest' });
        return { ...page, status: err.status };
      }
      const asked = form.get('lng');
      const language = isLanguage(asked) ? asked : fallback;
      const typed = (form.get('number') ?? '').slice(0, 64);
      // Our own page posts same-origin; a cross-site post is another site printing for you.
      if (req.header('sec-fetch-site') === 'cross-site') {
        return {
          ...copierProblem(pages, language, store, '', { kind: 'badRequest' }),
          status: 403,
        };
      }
      const tooMany = await limited(
        STORE_RATE_RULES.number,
        req,
        language,
        'copier',
        storeHref(store, otherLanguage(language)),
      );
      if (tooMany) return tooMany;
      let outcome: PrintOutcome;
      try {
        outcome = await print(deps, store, typed);
      } catch (err) {
        // Answered on the copier, in the language being read, with the number still typed in.
        deps.logger.error({ err: loggableError(err), store }, 'store copier print failed');
        outcome = { kind: 'error' };
      }
      deps.logger.info({ store, outcome: outcome.kind }, 'store copier print');
      if (outcome.kind === 'printed') {
        return { status: 200, html: pages.printed(language, store, outcome.number) };
      }
      return copierProblem(pages, language, store, typed, outcome);
    }),
  );

  server.get(`${STORE_PATH}/document/:number`, async (req: Request, res: Response) => {
    const language = languageOf(req);
    try {
      const otherHref = switchHref(STORE_PATH, language);
      const tooMany = await limited(STORE_RATE_RULES.document, req, language, 'copier', otherHref);
      if (tooMany) return sendPage(res, tooMany);
      const number = normalizeReservationNumber(String(req.params.number ?? ''));
      const job = /^[A-Z0-9]{1,16}$/.test(number) ? await deps.jobs.get(number) : undefined;
      // Only what was printed can be seen: the number alone must not hand out a document.
      if (job?.status === 'printed') {
        res.sendRaw(200, Buffer.from(job.pdf, 'base64'), {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `inline; filename="certificate-${job.number}.pdf"`,
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'no-referrer',
        });
        return;
      }
      sendPage(res, notFound(pages, language, otherHref));
    } catch (err) {
      deps.logger.error({ err: loggableError(err), route: 'document' }, 'store document failed');
      sendPage(res, { status: 503, html: pages.error(language) });
    }
  });
}

/** A path segment the router takes as a code: short, and valid percent-encoded UTF-8. */
function routableCode(segment: string): boolean {
  if (segment.length > 64) return false;
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

function splitUrl(url: string): [string, string] {
  const at = url.indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at)];
}

type PrintOutcome = CopierProblem | { kind: 'printed'; number: string };

/** Checks the typed number against this store's network and the deadline, then prints. */
async function print(deps: StoreRouteDeps, store: StoreId, typed: string): Promise<PrintOutcome> {
  const number = normalizeReservationNumber(typed);
  const network = STORES[store];
  if (number === '') return { kind: 'empty' };
  if (!/^[A-Z0-9]+$/.test(number)) return { kind: 'characters' };
  if (number.length !== RESERVATION_NUMBER_LENGTH[network]) {
    // A number of the other network's length is worth a look: the student may be in the wrong shop.
    const otherNetwork = networkOfLength(number.length);
    const job = otherNetwork ? await deps.jobs.get(number) : undefined;
    if (job && job.network !== network) return { kind: 'otherNetwork', network: job.network };
    return { kind: 'wrongLength', entered: number.length };
  }
  const job = await deps.jobs.get(number);
  if (!job) return { kind: 'unknown' };
  if (job.network !== network) return { kind: 'otherNetwork', network: job.network };
  if (deps.clock.now() >= DateTime.fromISO(job.printDeadline)) {
    return { kind: 'expired', printDeadline: job.printDeadline };
  }
  const notice = await deps.printed.printed(number);
  if (notice === 'unknown') return { kind: 'unknown' };
  if (notice === 'expired') return { kind: 'expired', printDeadline: job.printDeadline };
  await deps.jobs.markPrinted(number, deps.clock.now().toISO()!);
  return { kind: 'printed', number };
}

function copierProblem(
  pages: StorePages,
  language: Language,
  store: StoreId,
  typed: string,
  problem: CopierProblem,
): Page {
  return {
    status: PROBLEM_STATUS[problem.kind],
    html: pages.copier(language, store, typed, problem),
  };
}

function notFound(pages: StorePages, language: Language, otherHref: string): Page {
  return { status: 404, html: pages.notFound(language, otherHref) };
}

function languageOf(req: Request): Language {
  return requestLanguage(req.getQuery(), req.header('accept-language'));
}
