import type { Texts } from '../i18n/i18n';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { PaymentNotices } from './paymentNotices';
import type { PaymentReferenceStore } from './paymentReferenceStore';
import type { PayPalClient } from './payPalClient';

/** What the payment routes need; `registerPaymentRoutes` takes it whole. */
export interface PaymentRouteDeps {
  /** The order service: applies verified payments idempotently. */
  notices: PaymentNotices;
  /** The references the gateways handed out (the same store the gateways were built with). */
  references: PaymentReferenceStore;
  clock: Clock;
  texts: Texts;
  logger: Logger;
  metrics?: Metrics;
  /** Shown on pages where the student may need help (a payment that could not be applied). */
  callCenterPhone: string;
  /** PayPal, when configured: the return, cancel and webhook routes use this client. */
  paypal?: {
    client: Pick<PayPalClient, 'captureOrder' | 'verifyWebhookSignature'>;
    webhookId: string;
  };
  /**
   * Smart Pit's callback secret. Without one the callback refuses every request (and, only
   * while PayPal is not configured either, the demo cashier page stands in for the store).
   */
  smartPitSecret?: string;
}
