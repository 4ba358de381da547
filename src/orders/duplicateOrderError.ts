/** An order was created with an id that is already taken (ids are random: a retry bug). */
export class DuplicateOrderError extends Error {
  override readonly name = 'DuplicateOrderError';
  readonly code = 'ORDER_DUPLICATE';

  constructor(readonly orderId: string) {
    super(`Orders: an order with id ${orderId} already exists.`);
  }
}
