/**
 * Every reservation number drawn for an order was already taken. With 36^8 numbers this means
 * the random source is broken (or scripted), not bad luck.
 */
export class ReservationNumberExhaustedError extends Error {
  override readonly name = 'ReservationNumberExhaustedError';
  readonly code = 'RESERVATION_NUMBER_EXHAUSTED';

  constructor(
    readonly orderId: string,
    readonly attempts: number,
  ) {
    super(`No free reservation number for order ${orderId} after ${attempts} attempts.`);
  }
}
