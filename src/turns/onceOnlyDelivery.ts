import { createHash } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import type { Logger } from '../platform/logger';
import type { ChatEvent } from './chatEvents';
import type { DeliveryMarks } from './deliveryMarks';

/**
 * Runs proactive turns whose event has a delivery id at most once per chat, for events that may
 * come twice (a reminder claimed again after its instance died, a turn run again by another
 * instance): the chat's marker is checked before the turn and set right after it. What a crash
 * between sending and marking still repeats, LINE drops itself: its pushes carry a retry key
 * derived from the same delivery id (see `LineDelivery`).
 */
export class OnceOnlyDelivery {
  constructor(
    private readonly marks: DeliveryMarks,
    private readonly logger: Logger,
  ) {}

  /** Runs `send` unless this event already reached this chat; events without an id always run. */
  async run(
    reference: Partial<ConversationReference>,
    event: ChatEvent,
    send: () => Promise<void>,
  ): Promise<void> {
    if (!event.deliveryId) return send();
    const mark = deliveryMark(event.deliveryId, reference);
    if (await this.marks.has(mark)) {
      this.logger.info(
        { event: event.name, channel: reference.channelId },
        'proactive message already delivered; repeat dropped',
      );
      return;
    }
    await send();
    await this.marks.set(mark);
  }
}

/** One delivery in one chat, hashed (a conversation id is personal data). */
export function deliveryMark(
  deliveryId: string,
  reference: Partial<ConversationReference>,
): string {
  return createHash('sha256')
    .update(`${deliveryId}\n${reference.channelId ?? ''}\n${reference.conversation?.id ?? ''}`)
    .digest('hex');
}
