import { randomBytes } from 'node:crypto';
import type { Order } from '../orders/order';
import type { PaymentGateway, PaymentStart } from '../orders/paymentGateway';
import { paymentAmount } from './paymentAmount';
import type { PaymentReferenceStore } from './paymentReferenceStore';
import { PaymentReferenceTakenError } from './errors';

/** Where the demo checkout page of a reference lives. */
export const DEMO_CHECKOUT_PATH = '/pay/demo';

const REFERENCE = /^[A-Za-z0-9_-]{22}$/;

/** Whether `value` has the shape of a demo checkout reference (it may still be unknown). */
export function isDemoReference(value: unknown): value is string {
  return typeof value === 'string' && REFERENCE.test(value);
}

/**
 * The embedded card checkout: a local page that says "DEMO — no real money" and pays at a
 * click. The reference is 128 random bits, so only the student who got the link can open it.
 */
export class DemoCheckoutGateway implements PaymentGateway {
  readonly method = 'demo' as const;

  constructor(
    private readonly references: PaymentReferenceStore,
    private readonly publicUrl: string,
  ) {}

  async start(order: Order): Promise<PaymentStart> {
    const amount = paymentAmount(order);
    for (let attempt = 0; attempt < 3; attempt++) {
      const reference = randomBytes(16).toString('base64url');
      const added = await this.references.add(reference, {
        method: this.method,
        orderId: order.orderId,
        amount,
        language: order.language,
        expiresAt: order.paymentDeadline,
        transactionId: `demo-${randomBytes(12).toString('hex')}`,
      });
      if (added) {
        return {
          kind: 'link',
          reference,
          url: `${this.publicUrl}${DEMO_CHECKOUT_PATH}/${reference}`,
        };
      }
    }
    throw new PaymentReferenceTakenError(this.method, 3);
  }
}
