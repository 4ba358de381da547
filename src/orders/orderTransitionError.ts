import type { OrderStatus } from './order';

/**
 * An order was asked to do something its status does not allow (pay twice, print before
 * payment, anything after expiry). `action` names the refused transition, e.g. `markPaid`.
 */
export class OrderTransitionError extends Error {
  override readonly name = 'OrderTransitionError';
  readonly code = 'ORDER_TRANSITION_REFUSED';

  constructor(
    readonly orderId: string,
    readonly from: OrderStatus,
    readonly action: string,
  ) {
    super(`Order ${orderId}: "${action}" is not allowed from status "${from}".`);
  }
}
