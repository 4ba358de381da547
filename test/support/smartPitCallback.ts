import { signSmartPitCallback } from '../../src/payments/smartPitSignature';

/** What Smart Pit reports when the student paid at the cashier. */
export interface SmartPitPayment {
  smartPitNumber: string;
  amount: number;
  paidAt: string;
  transactionId: string;
}

export interface SmartPitSigning {
  secret: string;
  /** Unix seconds, as Smart Pit stamps `X-SmartPit-Timestamp`. */
  timestamp: string;
  /** A signature to send instead of the right one (a forgery). */
  signature?: string;
}

/**
 * Posts a payment notification to `POST /api/smartpit/notify` as Smart Pit does: the exact body,
 * signed with hex HMAC-SHA256(secret, `timestamp.body`). `body` may be a payment or raw text.
 */
export function postSmartPitCallback(
  base: string,
  body: SmartPitPayment | string,
  { secret, timestamp, signature }: SmartPitSigning,
): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${base}/api/smartpit/notify`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-SmartPit-Timestamp': timestamp,
      'X-SmartPit-Signature': signature ?? signSmartPitCallback(secret, timestamp, raw),
    },
    body: raw,
  });
}
