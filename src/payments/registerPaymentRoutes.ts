import type { Server } from 'restify';
import { registerDemoCheckoutRoutes } from './demoCheckoutRoutes';
import { PaymentPages } from './paymentPages';
import type { PaymentRouteDeps } from './paymentRouteDeps';
import { registerPayPalRoutes } from './payPalRoutes';
import { registerSmartPitRoutes } from './smartPitRoutes';

export type { PaymentRouteDeps } from './paymentRouteDeps';

/**
 * Every payment route: the demo checkout (`/pay/demo/:reference`), PayPal's return, cancel and
 * webhook (`/pay/paypal/*`, `POST /api/paypal/webhook`, only with `deps.paypal`), and Smart
 * Pit's signed callback (`POST /api/smartpit/notify`) or, without a secret, the demo cashier
 * (`/pay/smartpit/:number`). Pages are `no-store` with the pages' strict security headers;
 * only verified callbacks and the demo pages' own buttons report money to `deps.notices`.
 */
export function registerPaymentRoutes(server: Server, deps: PaymentRouteDeps): void {
  const pages = new PaymentPages(deps.texts, deps.callCenterPhone);
  registerDemoCheckoutRoutes(server, deps, pages);
  if (deps.paypal) registerPayPalRoutes(server, { ...deps, paypal: deps.paypal }, pages);
  registerSmartPitRoutes(server, deps, pages);
}
