import type { PaymentNotice, PaymentOutcome } from '../orders/paymentGateway';

/** Where verified payment notices go (the order service applies them idempotently). */
export interface PaymentNotices {
  /**
   * Applies a notice. Replays, unknown references, wrong amounts and late payments change
   * nothing; the outcome says which, for logs and the HTTP answer.
   */
  received(notice: PaymentNotice): Promise<PaymentOutcome>;
}
