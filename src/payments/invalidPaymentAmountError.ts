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
