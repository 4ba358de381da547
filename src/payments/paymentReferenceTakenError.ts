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
