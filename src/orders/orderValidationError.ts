/** Why an order (or a change to it) was refused; stable, for dialogs to pick a sentence. */
export type OrderValidationCode =
  | 'no_lines'
  | 'too_many_lines'
  | 'duplicate_line'
  | 'unknown_certificate'
  | 'not_eligible'
  | 'language_not_offered'
  | 'invalid_copies'
  | 'unknown_network'
  | 'invalid_order_id'
  | 'wrong_student'
  | 'wrong_payment'
  | 'wrong_amount'
  | 'wrong_network'
  | 'invalid_reservation'
  | 'payment_method_not_offered'
  | 'deadline_passed'
  | 'deadline_not_reached';

/**
 * An order request or a change to an order breaks a rule of the catalogue or of the deadlines.
 * The message names the rule only: order contents are not personal, but student input is never
 * echoed into logs.
 */
export class OrderValidationError extends Error {
  override readonly name = 'OrderValidationError';

  constructor(
    readonly code: OrderValidationCode,
    readonly detail?: string,
  ) {
    super(`Order refused: ${code}${detail ? ` (${detail})` : ''}.`);
  }
}
