/** A conversation reference that names no LINE chat, so nothing can be pushed to it. */
export class InvalidLineReferenceError extends Error {
  override readonly name = 'InvalidLineReferenceError';

  constructor(readonly channelId: string | undefined) {
    super(
      `The conversation reference (channel "${channelId ?? 'none'}") has no LINE conversation id.`,
    );
  }
}
