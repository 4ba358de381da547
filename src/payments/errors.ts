/** An order total that cannot be charged in yen (not a positive whole number). */
export class InvalidPaymentAmountError extends Error {
  override readonly name = 'InvalidPaymentAmountError';

  constructor(
    readonly orderId: string,
    readonly amount: number,
  ) {
    super(`Order ${orderId} has no payable yen amount (${amount}).`);
  }
}

/** A PayPal REST call that failed: PayPal's answer (status, issue, debug id) or no answer at all. */
export class PayPalApiError extends Error {
  override readonly name = 'PayPalApiError';

  constructor(
    /** Which call, e.g. `create_order`, `capture_order`, `token`. */
    readonly operation: string,
    /** PayPal's HTTP status; 0 when no answer came (network error, timeout). */
    readonly status: number,
    /** PayPal's `details[0].issue` (e.g. `ORDER_NOT_APPROVED`) or `name`, when it said one. */
    readonly issue?: string,
    /** PayPal's `debug_id`, which their support asks for. */
    readonly debugId?: string,
  ) {
    super(
      `PayPal ${operation} failed` +
        (status ? ` with HTTP ${status}` : ' without an answer') +
        (issue ? ` (${issue})` : '') +
        (debugId ? ` debug_id ${debugId}` : '') +
        '.',
    );
  }
}

/** No free reference was found after several draws (a broken random source or a full store). */
export class PaymentReferenceTakenError extends Error {
  override readonly name = 'PaymentReferenceTakenError';

  constructor(
    readonly method: string,
    readonly attempts: number,
  ) {
    super(`No free ${method} payment reference after ${attempts} attempts.`);
  }
}
