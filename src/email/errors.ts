import type { EmailRejection } from './validateEmailAddress';

/**
 * A caller asked to verify an address that does not pass {@link checkEmailAddress}: a bug in
 * the caller (the chat validates first), so it is thrown rather than answered. The address
 * itself is not kept, so that the error can be logged.
 */
export class InvalidEmailAddressError extends Error {
  override readonly name = 'InvalidEmailAddressError';

  constructor(readonly reason: Exclude<EmailRejection, 'mismatch'>) {
    super(`Refusing to send a confirmation mail to an address that fails validation (${reason}).`);
  }
}
