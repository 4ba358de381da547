import { ConfigError } from '../platform/errors';
import type { Catalogue } from '../orders/catalogue';
import type { PaymentMethod } from '../orders/order';
import type { PaymentGateway } from '../orders/paymentGateway';

/**
 * The catalogue as students see it: only the payment methods that have a gateway. A method the
 * university offers but whose real gateway is not configured is left out rather than paid through
 * a demo page; a catalogue left with no method at all stops start-up.
 */
export function offeredCatalogue(
  catalogue: Catalogue,
  gateways: Partial<Record<PaymentMethod, PaymentGateway>>,
): Catalogue {
  const paymentMethods = catalogue.paymentMethods.filter((method) => gateways[method]);
  if (paymentMethods.length === 0) {
    throw new ConfigError(
      'CATALOGUE_FILE',
      `The catalogue offers ${catalogue.paymentMethods.join(' and ')}, and none of them has its gateway configured (PAYPAL_* or SMARTPIT_CALLBACK_SECRET).`,
    );
  }
  return paymentMethods.length === catalogue.paymentMethods.length
    ? catalogue
    : { ...catalogue, paymentMethods };
}
