/** An order was registered for printing after its print deadline: nothing could print it. */
export class PrintDeadlinePassedError extends Error {
  override readonly name = 'PrintDeadlinePassedError';
  readonly code = 'PRINT_DEADLINE_PASSED';

  constructor(
    readonly orderId: string,
    readonly printDeadline: string,
  ) {
    super(
      `Order ${orderId} cannot be registered for printing: its deadline ${printDeadline} passed.`,
    );
  }
}

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

/**
 * The verification code printed on a new document already belongs to another certificate. The
 * document must be rendered again with a new code (the code is on the page), so the registrar
 * cannot retry on its own.
 */
export class VerificationCodeTakenError extends Error {
  override readonly name = 'VerificationCodeTakenError';
  readonly code = 'VERIFICATION_CODE_TAKEN';

  constructor(readonly orderId: string) {
    super(`The verification code of order ${orderId}'s document is already in use.`);
  }
}
