import type { PaymentMethod } from '../orders/order';
import type { Clock } from '../platform/clock';
import { DemoCheckoutGateway } from './demoCheckoutGateway';
import type { PaymentGateway } from '../orders/paymentGateway';
import type { PaymentReferenceStore } from './paymentReferenceStore';
import { PayPalClient } from './payPalClient';
import { PayPalGateway } from './payPalGateway';
import { SmartPitGateway } from './smartPitGateway';

/** The payment settings: PayPal's REST credentials and Smart Pit's callback secret, if set. */
export interface PaymentSettings {
  publicUrl: string;
  /** PayPal Orders v2; unset = no PayPal. */
  paypal?: { clientId: string; clientSecret: string; webhookId: string; apiBaseUrl: string };
  /** Smart Pit cash payments; an unset secret = no Smart Pit callback. */
  smartPit: { callbackSecret?: string };
}

/**
 * Whether the embedded demo payment pages stand in for every provider: only while no real gateway
 * is configured at all. As soon as one is (PayPal or a Smart Pit secret), no demo payment page
 * exists in any mode, and a method without its real gateway is simply not offered: otherwise the
 * demo cashier would mark real orders paid without money.
 */
export function usesDemoPayments(settings: Pick<PaymentSettings, 'paypal' | 'smartPit'>): boolean {
  return !settings.paypal && !settings.smartPit.callbackSecret;
}

export interface PaymentGatewayDeps {
  /** The store the payment routes read too. */
  references: PaymentReferenceStore;
  clock: Clock;
  /** The PayPal client the routes use as well; built from `config.paypal` when omitted. */
  paypal?: PayPalClient;
}

/** The PayPal client for `config.paypal`, or undefined when PayPal is not configured. */
export function createPayPalClient(
  config: Pick<PaymentSettings, 'paypal'>,
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
  config: PaymentSettings,
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
