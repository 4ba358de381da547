import type { Request, Response } from 'restify';
import { loggableError } from '../http/loggableError';
import { switchHref } from '../http/otherLanguage';
import { sendPage, type Page } from '../http/page';
import { readFormBody } from '../http/requestBody';
import { RequestBodyError } from '../http/errors';
import { requestLanguage } from '../http/requestLanguage';
import { isLanguage, type Language } from '../i18n/language';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { PaymentNotice, PaymentOutcome } from '../orders/paymentGateway';
import type { PaymentNotices } from './paymentNotices';
import type { PaymentPageProblem, PaymentPages } from './paymentPages';
import type { PaymentReferenceRecord } from './paymentReferenceStore';

/** A JSON answer to a provider's callback. */
export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** The form holds only the language: a few bytes. */
const FORM_LIMIT_BYTES = 1024;

export const PROBLEM_STATUS: Record<PaymentPageProblem, number> = {
  unknown_reference: 404,
  too_late: 410,
  not_payable: 409,
  wrong_amount: 409,
  declined: 402,
  refund: 409,
  badRequest: 400,
  error: 503,
};

/** `?lng=` when valid, else the stored language of the payment. */
export function pageLanguage(req: Request, stored: Language): Language {
  const asked = new URLSearchParams(req.getQuery()).get('lng');
  return isLanguage(asked) ? asked : stored;
}

/** The language of a page about nothing we know: `?lng=`, else the browser's. */
export function fallbackLanguage(req: Request): Language {
  return requestLanguage(req.getQuery(), req.header('accept-language'));
}

/**
 * Reads a payment form post. Refuses (as a page) an unreadable body and a cross-site post:
 * our own pages post same-origin, so a cross-site post is someone else's form.
 */
export async function readPaymentForm(
  req: Request,
  pages: PaymentPages,
  fallback: Language,
  pagePath: string,
): Promise<{ language: Language } | { refused: Page }> {
  let form: URLSearchParams;
  try {
    form = await readFormBody(req, FORM_LIMIT_BYTES);
  } catch (err) {
    if (!(err instanceof RequestBodyError)) throw err;
    const html = pages.problem(fallback, 'badRequest', switchHref(pagePath, fallback));
    return { refused: { status: err.status, html } };
  }
  const asked = form.get('lng');
  const language = isLanguage(asked) ? asked : fallback;
  if (req.header('sec-fetch-site') === 'cross-site') {
    const html = pages.problem(language, 'badRequest', switchHref(pagePath, language));
    return { refused: { status: 403, html } };
  }
  return { language };
}

/** The page for an order-service outcome: completed for a first or repeated payment. */
export function outcomePage(
  pages: PaymentPages,
  language: Language,
  outcome: PaymentOutcome,
  href: string,
  orderId: string,
): Page {
  if (outcome === 'applied' || outcome === 'duplicate') {
    return { status: 200, html: pages.done(language, href) };
  }
  return problemPage(pages, language, outcome, href, orderId);
}

export function problemPage(
  pages: PaymentPages,
  language: Language,
  problem: PaymentPageProblem,
  href: string,
  orderId?: string,
): Page {
  return { status: PROBLEM_STATUS[problem], html: pages.problem(language, problem, href, orderId) };
}

/**
 * Hands a verified notice to the order service, counts and logs the outcome, and returns it.
 * The reference and transaction id pay or find an order, so they go to a debug line only; the
 * order service logs which order it was.
 */
export async function reportNotice(
  deps: { notices: PaymentNotices; logger: Logger; metrics?: Metrics },
  notice: PaymentNotice,
): Promise<PaymentOutcome> {
  const outcome = await deps.notices.received(notice);
  deps.metrics?.paymentNotices.inc({ method: notice.method, outcome });
  const fields = { method: notice.method, amount: notice.amount, outcome };
  deps.logger.debug(
    { ...fields, reference: notice.reference, transactionId: notice.transactionId },
    'payment notice references',
  );
  if (outcome === 'applied' || outcome === 'duplicate') {
    deps.logger.info(fields, 'payment notice');
  } else {
    deps.logger.warn(fields, 'payment notice changed nothing');
  }
  return outcome;
}

/**
 * Wraps a page handler: any failure becomes the "something went wrong" page, logged.
 * `pagePath` gives the page to offer in the other language (a form post's own page).
 */
export function pageRoute(
  name: string,
  deps: { logger: Logger; pages: PaymentPages },
  handler: (req: Request, res: Response) => Promise<Page>,
  pagePath: (req: Request) => string = (req) => req.path(),
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    let page: Page;
    try {
      page = await handler(req, res);
    } catch (err) {
      deps.logger.error({ err: loggableError(err), route: name }, 'payment page failed');
      const language = fallbackLanguage(req);
      page = problemPage(deps.pages, language, 'error', switchHref(pagePath(req), language));
    }
    sendPage(res, page);
  };
}

/** Wraps a callback handler: any failure is a 503 (the provider retries), logged. */
export function jsonRoute(
  name: string,
  logger: Logger,
  handler: (req: Request) => Promise<JsonAnswer>,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    let answer: JsonAnswer;
    try {
      answer = await handler(req);
    } catch (err) {
      logger.error({ err: loggableError(err), route: name }, 'payment callback failed');
      answer = { status: 503, body: { error: 'unavailable' } };
    }
    if (res.headersSent || res.destroyed) return;
    res.sendRaw(answer.status, JSON.stringify(answer.body), {
      'Cache-Control': 'no-store',
      'Content-Type': 'application/json; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    });
  };
}

/** Whether the payment deadline has passed by the service's clock. */
export function isPastDeadline(record: PaymentReferenceRecord, clock: Clock): boolean {
  return clock.now().toMillis() >= Date.parse(record.expiresAt);
}

/** What a checkout or cashier page shows of a reference. */
export function viewOf(record: PaymentReferenceRecord): {
  orderId: string;
  amount: number;
  deadline: string;
} {
  return { orderId: record.orderId, amount: record.amount, deadline: record.expiresAt };
}
