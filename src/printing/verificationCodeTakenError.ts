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
