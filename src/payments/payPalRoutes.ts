import type { Request, Server } from 'restify';
import { loggableError } from '../http/loggableError';
import { otherLanguage } from '../http/otherLanguage';
import type { Page } from '../http/page';
import { readBody } from '../http/requestBody';
import { RequestBodyError } from '../http/errors';
import type { Language } from '../i18n/language';
import type { PaymentOutcome } from '../orders/paymentGateway';
import type { PaymentPages } from './paymentPages';
import type { PaymentRouteDeps } from './paymentRouteDeps';
import {
  fallbackLanguage,
  isPastDeadline,
  jsonRoute,
  pageLanguage,
  pageRoute,
  problemPage,
  reportNotice,
  type JsonAnswer,
} from './paymentRouteKit';
import { PayPalApiError } from './errors';
import { readCaptureResource, type PayPalCapture } from './payPalCapture';
import type { PayPalTransmission } from './payPalClient';
import { PAYPAL_CANCEL_PATH, PAYPAL_RETURN_PATH } from './payPalGateway';

export const PAYPAL_WEBHOOK_PATH = '/api/paypal/webhook';

/** PayPal's webhook events are a few kilobytes. */
const WEBHOOK_LIMIT_BYTES = 64 * 1024;
/** PayPal order ids are short upper-case letters and digits. */
const PAYPAL_ORDER_ID = /^[A-Za-z0-9-]{1,64}$/;

type PayPalDeps = PaymentRouteDeps & { paypal: NonNullable<PaymentRouteDeps['paypal']> };

/**
 * PayPal's routes. The return URL captures the approved order (idempotently: a reload neither
 * captures twice nor pays twice) and reports the capture; the cancel URL changes nothing; the
 * webhook reports `PAYMENT.CAPTURE.COMPLETED` once PayPal has confirmed the delivery through
 * `verify-webhook-signature`.
 */
export function registerPayPalRoutes(server: Server, deps: PayPalDeps, pages: PaymentPages): void {
  const href = (req: Request, language: Language) => {
    const query = new URLSearchParams(req.getQuery());
    query.set('lng', otherLanguage(language));
    return `${req.path()}?${query}`;
  };

  /** The PayPal record of `?token=`, or the page saying the link is unknown. */
  async function find(req: Request) {
    const token = new URLSearchParams(req.getQuery()).get('token') ?? '';
    const record = PAYPAL_ORDER_ID.test(token) ? await deps.references.get(token) : undefined;
    if (record?.method === 'paypal') return { token, record };
    const language = fallbackLanguage(req);
    return problemPage(pages, language, 'unknown_reference', href(req, language));
  }

  server.get(
    PAYPAL_RETURN_PATH,
    pageRoute('paypal-return', { logger: deps.logger, pages }, async (req): Promise<Page> => {
      const found = await find(req);
      if (!('record' in found)) return found;
      const { token, record } = found;
      const language = pageLanguage(req, record.language);
      const back = href(req, language);
      // Capturing after the deadline would take money the order can no longer accept.
      if (isPastDeadline(record, deps.clock)) {
        return problemPage(pages, language, 'too_late', back, record.orderId);
      }
      let result;
      try {
        result = await deps.paypal.client.captureOrder(token);
      } catch (err) {
        if (!(err instanceof PayPalApiError)) throw err;
        deps.logger.error({ err: loggableError(err), reference: token }, 'PayPal capture failed');
        return problemPage(pages, language, 'error', back, record.orderId);
      }
      if (result.kind === 'not_approved') {
        return problemPage(pages, language, 'declined', back, record.orderId);
      }
      const { capture } = result;
      if (capture.status === 'PENDING') return { status: 202, html: pages.pending(language, back) };
      if (capture.status !== 'COMPLETED') {
        return problemPage(pages, language, 'declined', back, record.orderId);
      }
      const outcome = await reportCapture(deps, capture, token);
      if (isTaken(outcome)) return { status: 200, html: pages.done(language, back) };
      return problemPage(pages, language, 'refund', back, record.orderId);
    }),
  );

  server.get(
    PAYPAL_CANCEL_PATH,
    pageRoute('paypal-cancel', { logger: deps.logger, pages }, async (req): Promise<Page> => {
      const found = await find(req);
      if (!('record' in found)) return found;
      const language = pageLanguage(req, found.record.language);
      return {
        status: 200,
        html: pages.cancelled(language, found.record.expiresAt, href(req, language)),
      };
    }),
  );

  server.post(
    PAYPAL_WEBHOOK_PATH,
    jsonRoute('paypal-webhook', deps.logger, (req) => webhook(req, deps)),
  );
}

/**
 * Reports a completed capture and returns the outcome. Money taken that the order could not take
 * (deadline passed, order cancelled, wrong amount) is logged as an error with the order id: staff
 * must refund it.
 */
async function reportCapture(
  deps: PayPalDeps,
  capture: PayPalCapture,
  paypalOrderId: string,
): Promise<PaymentOutcome> {
  const outcome: PaymentOutcome =
    capture.amount === undefined
      ? 'wrong_amount'
      : await reportNotice(deps, {
          method: 'paypal',
          reference: paypalOrderId,
          amount: capture.amount,
          transactionId: capture.id,
          // PayPal's capture time; the order service takes the earlier of it and its own clock.
          paidAt: capture.createTime ?? deps.clock.now().toISO() ?? new Date().toISOString(),
        });
  if (!isTaken(outcome)) {
    // Staff find the payment in PayPal by our order id (the capture's custom id); PayPal's ids
    // stay out of lines above debug.
    const record = await deps.references.get(paypalOrderId);
    deps.logger.error(
      { orderId: record?.orderId ?? capture.customId, outcome },
      'PayPal captured money the order did not take: refund it',
    );
  }
  return outcome;
}

/** The order has the money: paid now, or already by this same capture. */
function isTaken(outcome: PaymentOutcome): boolean {
  return outcome === 'applied' || outcome === 'duplicate';
}

async function webhook(req: Request, deps: PayPalDeps): Promise<JsonAnswer> {
  const refuse = (status: number, reason: string): JsonAnswer => {
    deps.metrics?.webhookRejections.inc({ channel: 'paypal', reason });
    deps.logger.warn({ reason }, 'PayPal webhook refused');
    return { status, body: { error: reason } };
  };
  let raw: string;
  try {
    raw = (await readBody(req, WEBHOOK_LIMIT_BYTES)).toString('utf8');
  } catch (err) {
    return err instanceof RequestBodyError && err.status === 413
      ? refuse(413, 'too_large')
      : refuse(400, 'unreadable');
  }
  let event: { event_type?: unknown; id?: unknown; resource?: unknown };
  try {
    event = JSON.parse(raw);
  } catch {
    return refuse(400, 'bad_json');
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    return refuse(400, 'bad_json');
  }
  const transmission = transmissionOf(req);
  if (!transmission) return refuse(401, 'missing_signature');
  let genuine: boolean;
  try {
    genuine = await deps.paypal.client.verifyWebhookSignature(
      transmission,
      deps.paypal.webhookId,
      raw,
    );
  } catch (err) {
    // PayPal retries a delivery we could not check; nothing is applied meanwhile.
    deps.logger.error({ err: loggableError(err) }, 'PayPal webhook verification failed');
    return { status: 503, body: { error: 'verification_unavailable' } };
  }
  if (!genuine) return refuse(401, 'signature');
  if (event.event_type !== 'PAYMENT.CAPTURE.COMPLETED') {
    deps.logger.debug({ eventType: String(event.event_type) }, 'PayPal webhook ignored');
    return { status: 200, body: { ignored: true } };
  }
  const capture = readCaptureResource(event.resource);
  if (!capture?.paypalOrderId || capture.status !== 'COMPLETED') {
    deps.logger.warn({ eventId: String(event.id) }, 'PayPal capture event without order or status');
    return { status: 200, body: { ignored: true } };
  }
  const outcome = await reportCapture(deps, capture, capture.paypalOrderId);
  // Answered 200 whatever the outcome: PayPal would retry any other status for days, in vain.
  return { status: 200, body: { outcome } };
}

/** The `PAYPAL-*` headers of a delivery, or undefined when one is missing. */
function transmissionOf(req: Request): PayPalTransmission | undefined {
  const transmission = {
    transmissionId: req.header('paypal-transmission-id'),
    transmissionTime: req.header('paypal-transmission-time'),
    transmissionSig: req.header('paypal-transmission-sig'),
    certUrl: req.header('paypal-cert-url'),
    authAlgo: req.header('paypal-auth-algo'),
  };
  return Object.values(transmission).every((value) => typeof value === 'string' && value !== '')
    ? (transmission as PayPalTransmission)
    : undefined;
}
