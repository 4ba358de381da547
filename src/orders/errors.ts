import type { OrderStatus } from './order';
import type { LocalizedText } from './catalogue';

/** An order was created with an id that is already taken (ids are random: a retry bug). */
export class DuplicateOrderError extends Error {
  override readonly name = 'DuplicateOrderError';
  readonly code = 'ORDER_DUPLICATE';

  constructor(readonly orderId: string) {
    super(`Orders: an order with id ${orderId} already exists.`);
  }
}

/**
 * `update` was given a `next` that is not the successor of `expected` (another id, another
 * student, or a version that is not one higher). A bug in the caller, refused before any write.
 */
export class InvalidOrderUpdateError extends Error {
  override readonly name = 'InvalidOrderUpdateError';
  readonly code = 'ORDER_UPDATE_INVALID';

  constructor(
    readonly orderId: string,
    readonly reason: string,
  ) {
    super(`Orders: update of ${orderId} refused: ${reason}.`);
  }
}

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

/**
 * An order was asked to do something its status does not allow (pay twice, print before
 * payment, anything after expiry). `action` names the refused transition, e.g. `markPaid`.
 */
export class OrderTransitionError extends Error {
  override readonly name = 'OrderTransitionError';
  readonly code = 'ORDER_TRANSITION_REFUSED';

  constructor(
    readonly orderId: string,
    readonly from: OrderStatus,
    readonly action: string,
  ) {
    super(`Order ${orderId}: "${action}" is not allowed from status "${from}".`);
  }
}

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

/** No new orders now (a closure or maintenance window); the student is told when to come back. */
export class ServiceClosedError extends Error {
  override readonly name = 'ServiceClosedError';
  readonly code = 'ORDER_SERVICE_CLOSED';

  constructor(
    /** ISO time in Japan time when orders are taken again. */
    readonly reopensAt: string,
    readonly reason?: LocalizedText,
  ) {
    super(`Orders: the service is closed until ${reopensAt}.`);
  }
}

/**
 * The order does not exist, or belongs to another student: both answer alike, so that nobody
 * learns about other students' orders by trying ids.
 */
export class UnknownOrderError extends Error {
  override readonly name = 'UnknownOrderError';
  readonly code = 'ORDER_UNKNOWN';

  constructor(readonly orderId: string) {
    super(`Orders: no order ${orderId} for this student.`);
  }
}
