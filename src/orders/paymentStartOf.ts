import type { PaymentStart } from './paymentGateway';
import type { PaymentRecord } from './order';

/** The start the student was given, rebuilt from what the order recorded. */
export function paymentStartOf(payment: PaymentRecord): PaymentStart {
  return payment.method === 'smartpit'
    ? { kind: 'cash', reference: payment.reference, smartPitNumber: payment.reference }
    : { kind: 'link', reference: payment.reference, url: payment.url ?? '' };
}
