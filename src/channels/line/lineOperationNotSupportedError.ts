/** LINE cannot edit or delete a message once sent; botbuilder's update/delete end here. */
export class LineOperationNotSupportedError extends Error {
  override readonly name = 'LineOperationNotSupportedError';

  constructor(readonly operation: 'updateActivity' | 'deleteActivity') {
    super(`${operation} is not supported on LINE: sent messages cannot be changed.`);
  }
}
