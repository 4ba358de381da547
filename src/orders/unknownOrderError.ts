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
