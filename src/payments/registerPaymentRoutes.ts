import type { Server } from 'restify';
import { registerDemoCheckoutRoutes } from './demoCheckoutRoutes';
import { PaymentPages } from './paymentPages';
import type { PaymentRouteDeps } from './paymentRouteDeps';
import { registerPayPalRoutes } from './payPalRoutes';
import { registerSmartPitCashier, registerSmartPitRoutes } from './smartPitRoutes';

export type { PaymentRouteDeps } from './paymentRouteDeps';

/**
 * Every payment route: PayPal's return, cancel and webhook (`/pay/paypal/*`,
 * `POST /api/paypal/webhook`, only with `deps.paypal`) and Smart Pit's signed callback
 * (`POST /api/smartpit/notify`). The demo checkout (`/pay/demo/:reference`) and the demo cashier
 * (`/pay/smartpit/:number`) exist only while no real gateway is configured (the rule of
 * `usesDemoPayments`): once one is, a demo page could mark a real order paid without money.
 * Production always has a real gateway, so it never serves them. Pages are `no-store` with the
 * pages' strict security headers; only verified callbacks and the demo pages' own buttons report
 * money to `deps.notices`.
 */
export function registerPaymentRoutes(server: Server, deps: PaymentRouteDeps): void {
  const pages = new PaymentPages(deps.texts, deps.callCenterPhone);
  if (!deps.paypal && !deps.smartPitSecret) {
    registerDemoCheckoutRoutes(server, deps, pages);
    registerSmartPitCashier(server, deps, pages);
  }
  if (deps.paypal) registerPayPalRoutes(server, { ...deps, paypal: deps.paypal }, pages);
  registerSmartPitRoutes(server, deps);
}
