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
