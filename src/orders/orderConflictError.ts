/** An order kept changing under every retry of a compare-and-set; the caller may try again later. */
export class OrderConflictError extends Error {
  override readonly name = 'OrderConflictError';
  readonly code = 'ORDER_CONFLICT';

  constructor(
    readonly orderId: string,
    readonly attempts: number,
  ) {
    super(`Orders: ${orderId} changed concurrently ${attempts} times; gave up.`);
  }
}
