/** A broadcast text LINE would refuse for every recipient: empty, or more than five messages long. */
export class InvalidBroadcastTextError extends Error {
  override readonly name = 'InvalidBroadcastTextError';

  constructor(readonly length: number) {
    super(`A LINE broadcast text must be 1 to 25,000 characters, not ${length}.`);
  }
}
