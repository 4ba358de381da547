import type { Language } from '../i18n/language';
import type { Order } from '../orders/order';
import type { PaymentGateway, PaymentStart } from '../orders/paymentGateway';
import { paymentAmount } from './paymentAmount';
import type { PaymentReferenceStore } from './paymentReferenceStore';
import type { PayPalClient } from './payPalClient';

/** PayPal sends the student back here after approving (`?token=<PayPal order id>&PayerID=…`). */
export const PAYPAL_RETURN_PATH = '/pay/paypal/return';
/** … and here when the student cancels on PayPal's page. */
export const PAYPAL_CANCEL_PATH = '/pay/paypal/cancel';

const PAYPAL_LOCALES: Record<Language, string> = { ja: 'ja-JP', en: 'en-US' };

/**
 * PayPal Orders v2 (credit card through the student's PayPal account). `start` creates a
 * PayPal order for the total in JPY with our order id as `PayPal-Request-Id`, so asking twice
 * for one order yields the same PayPal order, and returns its approval link. The money is
 * captured when the student comes back (return route) and confirmed by the verified webhook.
 */
export class PayPalGateway implements PaymentGateway {
  readonly method = 'paypal' as const;

  constructor(
    private readonly client: Pick<PayPalClient, 'createOrder'>,
    private readonly references: PaymentReferenceStore,
    private readonly publicUrl: string,
  ) {}

  async start(order: Order): Promise<PaymentStart> {
    const amount = paymentAmount(order);
    const created = await this.client.createOrder({
      requestId: order.orderId,
      orderId: order.orderId,
      amount,
      returnUrl: `${this.publicUrl}${PAYPAL_RETURN_PATH}`,
      cancelUrl: `${this.publicUrl}${PAYPAL_CANCEL_PATH}`,
      locale: PAYPAL_LOCALES[order.language],
    });
    // A repeated start gets the same PayPal order back; its record is already there (false).
    await this.references.add(created.id, {
      method: this.method,
      orderId: order.orderId,
      amount,
      language: order.language,
      expiresAt: order.paymentDeadline,
    });
    return { kind: 'link', reference: created.id, url: created.approveUrl };
  }
}
