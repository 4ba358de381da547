import type { Request, Server } from 'restify';
import type { Language } from '../i18n/language';
import { DEMO_CHECKOUT_PATH, isDemoReference } from './demoCheckoutGateway';
import type { PaymentPages } from './paymentPages';
import type { PaymentRouteDeps } from './paymentRouteDeps';
import {
  fallbackLanguage,
  isPastDeadline,
  outcomePage,
  pageLanguage,
  pageRoute,
  problemPage,
  readPaymentForm,
  reportNotice,
  switchHref,
  viewOf,
  type Page,
} from './paymentRouteKit';

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
  const pagePath = (reference: string) => `${DEMO_CHECKOUT_PATH}/${reference}`;
  const formPage = (req: Request) => pagePath(String(req.params.reference ?? ''));

  /** The demo record of a reference, or the page saying the link is unknown. */
  async function find(req: Request, language: Language) {
    const reference = String(req.params.reference ?? '');
    const record = isDemoReference(reference) ? await deps.references.get(reference) : undefined;
    if (record?.method === 'demo') return { reference, record };
    return problemPage(
      pages,
      language,
      'unknown_reference',
      switchHref(pagePath(reference), language),
    );
  }

  server.get(
    `${DEMO_CHECKOUT_PATH}/:reference`,
    pageRoute('demo-checkout', { logger: deps.logger, pages }, async (req) => {
      const found = await find(req, fallbackLanguage(req));
      if (!('record' in found)) return found;
      const { reference, record } = found;
      const language = pageLanguage(req, record.language);
      const href = switchHref(pagePath(reference), language);
      if (isPastDeadline(record, deps.clock)) {
        return problemPage(pages, language, 'too_late', href, record.orderId);
      }
      const view = { ...viewOf(record), action: pagePath(reference) };
      return { status: 200, html: pages.demoCheckout(language, view, href) };
    }),
  );

  server.post(
    `${DEMO_CHECKOUT_PATH}/:reference/pay`,
    pageRoute(
      'demo-pay',
      { logger: deps.logger, pages },
      async (req): Promise<Page> => {
        const form = await readPaymentForm(req, pages, fallbackLanguage(req), formPage(req));
        if ('refused' in form) return form.refused;
        const found = await find(req, form.language);
        if (!('record' in found)) return found;
        const { reference, record } = found;
        const outcome = await reportNotice(deps, {
          method: 'demo',
          reference,
          amount: record.amount,
          transactionId: record.transactionId ?? `demo-${reference}`,
          paidAt: deps.clock.now().toISO() ?? new Date().toISOString(),
        });
        const href = switchHref(pagePath(reference), form.language);
        return outcomePage(pages, form.language, outcome, href, record.orderId);
      },
      formPage,
    ),
  );

  server.post(
    `${DEMO_CHECKOUT_PATH}/:reference/cancel`,
    pageRoute(
      'demo-cancel',
      { logger: deps.logger, pages },
      async (req): Promise<Page> => {
        const form = await readPaymentForm(req, pages, fallbackLanguage(req), formPage(req));
        if ('refused' in form) return form.refused;
        const found = await find(req, form.language);
        if (!('record' in found)) return found;
        const href = switchHref(pagePath(found.reference), form.language);
        return { status: 200, html: pages.cancelled(form.language, found.record.expiresAt, href) };
      },
      formPage,
    ),
  );
}
