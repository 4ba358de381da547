/** One PayPal capture, as read from a capture answer, an order or a webhook event. */
export interface PayPalCapture {
  /** The capture id: our transaction id. */
  id: string;
  /** `COMPLETED`, `PENDING`, `DECLINED`, … */
  status: string;
  /** Whole yen, or undefined when the money is not a whole JPY amount. */
  amount: number | undefined;
  /** The PayPal order the capture belongs to (our payment reference), when stated. */
  paypalOrderId?: string;
  /** Our order id, which we sent as `custom_id`. */
  customId?: string;
  createTime?: string;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Whole yen from PayPal money (`{ currency_code: 'JPY', value: '1200' }`); anything else is undefined. */
export function yenFromMoney(money: unknown): number | undefined {
  const { currency_code: currency, value } = object(money) ?? {};
  if (currency !== 'JPY' || typeof value !== 'string' || !/^\d{1,12}$/.test(value)) {
    return undefined;
  }
  return Number(value);
}

/** A capture resource (capture answer entry, or a `PAYMENT.CAPTURE.*` webhook's `resource`). */
export function readCaptureResource(
  resource: unknown,
  paypalOrderId?: string,
): PayPalCapture | undefined {
  const capture = object(resource);
  const id = text(capture?.id);
  const status = text(capture?.status);
  if (!capture || !id || !status) return undefined;
  const related = object(object(object(capture.supplementary_data)?.related_ids));
  return {
    id,
    status,
    amount: yenFromMoney(capture.amount),
    paypalOrderId: text(related?.order_id) ?? paypalOrderId,
    customId: text(capture.custom_id),
    createTime: text(capture.create_time),
  };
}

/**
 * The newest capture of an order representation (a capture call's answer or `GET` of the
 * order); undefined when the order has none yet.
 */
export function readOrderCapture(order: unknown): PayPalCapture | undefined {
  const body = object(order);
  const units = Array.isArray(body?.purchase_units) ? body.purchase_units : [];
  for (const unit of units) {
    const captures = object(object(unit)?.payments)?.captures;
    if (!Array.isArray(captures) || captures.length === 0) continue;
    const found = readCaptureResource(captures[captures.length - 1], text(body?.id));
    if (found) return { ...found, customId: found.customId ?? text(object(unit)?.custom_id) };
  }
  return undefined;
}
