import type { Request, Server } from 'restify';
import { switchHref } from '../http/otherLanguage';
import type { Page } from '../http/page';
import type { Language } from '../i18n/language';
import type { PaymentMethod } from '../orders/order';
import type { PaymentPages, PaymentView } from './paymentPages';
import type { PaymentRouteDeps } from './paymentRouteDeps';
import type { PaymentReferenceRecord } from './paymentReferenceStore';
import {
  fallbackLanguage,
  isPastDeadline,
  outcomePage,
  pageLanguage,
  pageRoute,
  problemPage,
  readPaymentForm,
  reportNotice,
  viewOf,
} from './paymentRouteKit';

/** One embedded stand-in for a payment provider's page: the demo checkout, the demo cashier. */
export interface DemoPaymentPageSpec {
  /** `/pay/demo`, `/pay/smartpit`: the page is `<path>/<reference>`. */
  path: string;
  method: PaymentMethod;
  /** Route names for logs: the page, its Pay and (when offered) its Cancel. */
  names: { page: string; pay: string; cancel?: string };
  isReference: (value: unknown) => boolean;
  /** The transaction id a reference pays with when the record has none (one per reference). */
  transactionPrefix: string;
  render: (
    pages: PaymentPages,
    language: Language,
    view: PaymentView,
    reference: string,
    switchHref: string,
  ) => string;
}

/**
 * Registers `GET <path>/:reference` (shows, changes nothing), `POST …/pay` (reports the payment
 * with the reference's one transaction id, so a double click is a duplicate that shows the same
 * page) and, with a cancel name, `POST …/cancel` (changes nothing, says how to pay later).
 */
export function registerDemoPaymentPage(
  server: Server,
  deps: PaymentRouteDeps,
  pages: PaymentPages,
  spec: DemoPaymentPageSpec,
): void {
  const pagePath = (reference: string) => `${spec.path}/${reference}`;
  const formPage = (req: Request) => pagePath(String(req.params.reference ?? ''));
  const route = { logger: deps.logger, pages };

  /** The record of a reference of this method, or the page saying the link is unknown. */
  async function find(
    req: Request,
    language: Language,
  ): Promise<{ reference: string; record: PaymentReferenceRecord } | Page> {
    const reference = String(req.params.reference ?? '');
    const record = spec.isReference(reference) ? await deps.references.get(reference) : undefined;
    if (record?.method === spec.method) return { reference, record };
    return problemPage(
      pages,
      language,
      'unknown_reference',
      switchHref(pagePath(reference), language),
    );
  }

  server.get(
    `${spec.path}/:reference`,
    pageRoute(spec.names.page, route, async (req) => {
      const found = await find(req, fallbackLanguage(req));
      if (!('record' in found)) return found;
      const { reference, record } = found;
      const language = pageLanguage(req, record.language);
      const href = switchHref(pagePath(reference), language);
      if (isPastDeadline(record, deps.clock)) {
        return problemPage(pages, language, 'too_late', href, record.orderId);
      }
      const view = { ...viewOf(record), action: pagePath(reference) };
      return { status: 200, html: spec.render(pages, language, view, reference, href) };
    }),
  );

  server.post(
    `${spec.path}/:reference/pay`,
    pageRoute(
      spec.names.pay,
      route,
      async (req): Promise<Page> => {
        const form = await readPaymentForm(req, pages, fallbackLanguage(req), formPage(req));
        if ('refused' in form) return form.refused;
        const found = await find(req, form.language);
        if (!('record' in found)) return found;
        const { reference, record } = found;
        const outcome = await reportNotice(deps, {
          method: spec.method,
          reference,
          amount: record.amount,
          transactionId: record.transactionId ?? `${spec.transactionPrefix}-${reference}`,
          paidAt: deps.clock.now().toISO() ?? new Date().toISOString(),
        });
        const href = switchHref(pagePath(reference), form.language);
        return outcomePage(pages, form.language, outcome, href, record.orderId);
      },
      formPage,
    ),
  );

  if (!spec.names.cancel) return;
  server.post(
    `${spec.path}/:reference/cancel`,
    pageRoute(
      spec.names.cancel,
      route,
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
