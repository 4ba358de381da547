import type { ChatChannel } from '../students/student';

/** A proactive message the channel took but could not hand to anyone (e.g. an expired session). */
export class PushNotDeliveredError extends Error {
  override readonly name = 'PushNotDeliveredError';

  constructor(readonly channel: ChatChannel) {
    super(`Staff push not delivered on ${channel}: the conversation is gone.`);
  }
}
