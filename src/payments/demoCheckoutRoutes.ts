import type { Server } from 'restify';
import { DEMO_CHECKOUT_PATH, isDemoReference } from './demoCheckoutGateway';
import { registerDemoPaymentPage } from './demoPaymentPages';
import type { PaymentPages } from './paymentPages';
import type { PaymentRouteDeps } from './paymentRouteDeps';

/**
 * The embedded card checkout. `GET /pay/demo/:reference` only shows (amount, order, deadline,
 * Pay and Cancel); `POST …/pay` reports the payment with the reference's one transaction id, so
 * a double click is a duplicate and shows the same "completed" page; `POST …/cancel` changes
 * nothing and says how to pay later.
 */
export function registerDemoCheckoutRoutes(
  server: Server,
  deps: PaymentRouteDeps,
  pages: PaymentPages,
): void {
  registerDemoPaymentPage(server, deps, pages, {
    path: DEMO_CHECKOUT_PATH,
    method: 'demo',
    names: { page: 'demo-checkout', pay: 'demo-pay', cancel: 'demo-cancel' },
    isReference: isDemoReference,
    transactionPrefix: 'demo',
    render: (p, language, view, _reference, href) => p.demoCheckout(language, view, href),
  });
}
