import type { Config } from '../config/config';
import { usesDemoPayments } from '../config/deploymentCheck';
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
 * The gateway of each payment method that can be offered. With a real gateway configured: PayPal
 * when `PAYPAL_*` is set, Smart Pit when its callback secret is. On a bare machine (no real
 * gateway): `'paypal'` (and `'demo'`) is the embedded demo checkout, whose method is `'demo'`, so
 * that a student can still "pay by card", and Smart Pit's money comes through the demo cashier.
 */
export function createPaymentGateways(
  config: Pick<Config, 'publicUrl' | 'paypal' | 'smartPit'>,
  deps: PaymentGatewayDeps,
): Partial<Record<PaymentMethod, PaymentGateway>> {
  const smartpit = new SmartPitGateway(deps.references);
  if (usesDemoPayments(config)) {
    const demo = new DemoCheckoutGateway(deps.references, config.publicUrl);
    return { demo, paypal: demo, smartpit };
  }
  const paypal = deps.paypal ?? createPayPalClient(config, deps.clock);
  return {
    ...(paypal ? { paypal: new PayPalGateway(paypal, deps.references, config.publicUrl) } : {}),
    ...(config.smartPit.callbackSecret ? { smartpit } : {}),
  };
}
