import type { Config } from '../config/config';
import type { PaymentMethod } from '../orders/order';
import type { Clock } from '../platform/clock';
import { DemoCheckoutGateway } from './demoCheckoutGateway';
import type { PaymentGateway } from './paymentGateway';
import type { PaymentReferenceStore } from './paymentReferenceStore';
import { PayPalClient } from './payPalClient';
import { PayPalGateway } from './payPalGateway';
import { SmartPitGateway } from './smartPitGateway';

export interface PaymentGatewayDeps {
  /** The store the payment routes read too. */
  references: PaymentReferenceStore;
  clock: Clock;
  /** The PayPal client the routes use as well; built from `config.paypal` when omitted. */
  paypal?: PayPalClient;
}

/** The PayPal client for `config.paypal`, or undefined when PayPal is not configured. */
export function createPayPalClient(
  config: Pick<Config, 'paypal'>,
  clock: Clock,
): PayPalClient | undefined {
  return config.paypal && new PayPalClient({ ...config.paypal, clock });
}

/**
 * The gateway of each payment method. Card payments go to PayPal when it is configured; on a
 * bare machine `'paypal'` (and `'demo'`) is the embedded demo checkout, whose method is
 * `'demo'`, so that a student can still "pay by card". Smart Pit is always offered: its money
 * arrives by the signed callback, or through the demo cashier page without a secret.
 */
export function createPaymentGateways(
  config: Pick<Config, 'publicUrl' | 'paypal'>,
  deps: PaymentGatewayDeps,
): Partial<Record<PaymentMethod, PaymentGateway>> {
  const smartpit = new SmartPitGateway(deps.references);
  const paypal = deps.paypal ?? createPayPalClient(config, deps.clock);
  if (paypal) {
    return { paypal: new PayPalGateway(paypal, deps.references, config.publicUrl), smartpit };
  }
  const demo = new DemoCheckoutGateway(deps.references, config.publicUrl);
  return { demo, paypal: demo, smartpit };
}
