import { DateTime } from 'luxon';
import type { Request, Server } from 'restify';
import { readBody } from '../http/requestBody';
import { RequestBodyError } from '../http/errors';
import type { PaymentOutcome } from '../orders/paymentGateway';
import type { PaymentPages } from './paymentPages';
import type { PaymentRouteDeps } from './paymentRouteDeps';
import { jsonRoute, reportNotice, type JsonAnswer } from './paymentRouteKit';
import { registerDemoPaymentPage } from './demoPaymentPages';
import { isSmartPitNumber } from './smartPitGateway';
import { checkSmartPitSignature } from './smartPitSignature';

export const SMARTPIT_NOTIFY_PATH = '/api/smartpit/notify';
export const SMARTPIT_CASHIER_PATH = '/pay/smartpit';

/** A notification is four short fields. */
const NOTIFY_LIMIT_BYTES = 4096;

/** How each outcome is answered to Smart Pit: accepted, or refused with the reason in the body. */
const OUTCOME_STATUS: Record<PaymentOutcome, number> = {
  applied: 200,
  duplicate: 200,
  unknown_reference: 404,
  wrong_amount: 409,
  too_late: 409,
  not_payable: 409,
};

interface SmartPitNotification {
  smartPitNumber: string;
  amount: number;
  paidAt: string;
  transactionId: string;
}

/**
 * `POST /api/smartpit/notify`: Smart Pit's payment callback, JSON
 * `{ smartPitNumber, amount, paidAt, transactionId }` signed with `X-SmartPit-Timestamp` and
 * `X-SmartPit-Signature`. A missing, stale (replayed) or wrong signature is 401 and changes
 * nothing. Without a configured secret the callback refuses everything.
 */
export function registerSmartPitRoutes(server: Server, deps: PaymentRouteDeps): void {
  server.post(
    SMARTPIT_NOTIFY_PATH,
    jsonRoute('smartpit-notify', deps.logger, (req) => notify(req, deps)),
  );
}

async function notify(req: Request, deps: PaymentRouteDeps): Promise<JsonAnswer> {
  const refuse = (status: number, reason: string): JsonAnswer => {
    deps.metrics?.webhookRejections.inc({ channel: 'smartpit', reason });
    deps.logger.warn({ reason }, 'Smart Pit callback refused');
    return { status, body: { error: reason } };
  };
  if (!deps.smartPitSecret) {
    req.resume();
    return refuse(401, 'not_configured');
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, NOTIFY_LIMIT_BYTES);
  } catch (err) {
    if (err instanceof RequestBodyError && err.status === 413) return refuse(413, 'too_large');
    return refuse(400, 'unreadable');
  }
  const problem = checkSmartPitSignature(
    deps.smartPitSecret,
    req.header('x-smartpit-timestamp'),
    req.header('x-smartpit-signature'),
    raw,
    Math.floor(deps.clock.now().toSeconds()),
  );
  if (problem) return refuse(401, `signature_${problem}`);
  const notification = parseNotification(raw);
  if (!notification) return refuse(400, 'invalid_body');
  const outcome = await reportNotice(deps, {
    method: 'smartpit',
    reference: notification.smartPitNumber,
    amount: notification.amount,
    transactionId: notification.transactionId,
    paidAt: notification.paidAt,
  });
  return { status: OUTCOME_STATUS[outcome], body: { outcome } };
}

function parseNotification(raw: Buffer): SmartPitNotification | undefined {
  let value: Partial<Record<keyof SmartPitNotification, unknown>>;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const { smartPitNumber, amount, paidAt, transactionId } = value;
  if (
    !isSmartPitNumber(smartPitNumber) ||
    typeof amount !== 'number' ||
    !Number.isSafeInteger(amount) ||
    amount < 0 ||
    typeof paidAt !== 'string' ||
    !DateTime.fromISO(paidAt).isValid ||
    typeof transactionId !== 'string' ||
    !/^[\x21-\x7e]{1,64}$/.test(transactionId)
  ) {
    return undefined;
  }
  return { smartPitNumber, amount, paidAt, transactionId };
}

/**
 * The demo cashier (`/pay/smartpit/:number`): shows the number and amount, and "Paid in cash"
 * reports it as Smart Pit would. Only on a machine with no real payment gateway.
 */
export function registerSmartPitCashier(
  server: Server,
  deps: PaymentRouteDeps,
  pages: PaymentPages,
): void {
  registerDemoPaymentPage(server, deps, pages, {
    path: SMARTPIT_CASHIER_PATH,
    method: 'smartpit',
    names: { page: 'smartpit-cashier', pay: 'smartpit-cashier-pay' },
    isReference: isSmartPitNumber,
    transactionPrefix: 'cashier',
    render: (p, language, view, number, href) => p.cashier(language, view, number, href),
  });
}
