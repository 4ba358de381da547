import type { ConversationReference } from 'botbuilder';
import { turnQueueKey } from '../students/chatAccountOf';
import type { ConversationDirectory } from '../students/conversationDirectory';
import type { ChatAccount, Student } from '../students/student';
import type { TurnQueue } from './turnQueue';

/** Queued turns of this channel are proactive events, run by the adapter of their reference. */
export const PROACTIVE_CHANNEL = 'proactive';

/** Something that happened outside the chat and that the conversation must hear about. */
export interface ChatEvent {
  /** One of {@link CHAT_EVENTS}. */
  name: string;
  value?: unknown;
  /**
   * Names this message for once-only delivery: every repeat of it (a reminder claimed again after
   * a crash) carries the same id, and a chat that got it once does not get it again.
   */
  deliveryId?: string;
}

/**
 * The turn-state key under which a proactive turn carries its event's delivery id, for adapters
 * that can make a repeated send harmless themselves (LINE's retry key).
 */
export const DELIVERY_ID = Symbol('deliveryId');

/** The proactive events dialogs react to. */
export const CHAT_EVENTS = {
  /** The student logged in on the login page (web chat, Teams); value: `{ studentId }`. */
  loggedIn: 'loggedIn',
  /** The student confirmed an address with the one-time URL; value: `{ address, purpose }`. */
  emailConfirmed: 'emailConfirmed',
  /** An order moved on outside the chat (paid, number issued, printed, expired); value: `{ orderId, status }` (the status it moved to). */
  orderUpdated: 'orderUpdated',
  /**
   * A deadline is near and the order still waits for the student; value: `{ orderId, kind,
   * offsetId }` (kind `payment` or `print`, offsetId e.g. `2d`, `lastDay09`).
   */
  orderReminder: 'orderReminder',
} as const;

export interface ProactiveTurn {
  reference: Partial<ConversationReference>;
  event: ChatEvent;
}

/**
 * Delivers an event into a chat account's conversation. It is queued behind the account's
 * other turns, so it never races a message the student is sending, and it runs on whichever
 * instance drains that queue.
 */
export class ChatEventSender {
  /**
   * @param everyChannel tell a student on every linked chat account, not only the one they used
   *   last (`NOTIFY_EVERY_CHANNEL`).
   */
  constructor(
    private readonly queue: TurnQueue,
    private readonly conversations: ConversationDirectory,
    private readonly everyChannel = false,
  ) {}

  /** Tells a student: on the account they used last, or on every linked one when so configured. */
  async tell(student: Student | undefined, event: ChatEvent): Promise<void> {
    if (!student) return;
    const last = student.lastAccount ?? student.accounts[0];
    const accounts = this.everyChannel ? student.accounts : last ? [last] : [];
    for (const account of accounts) await this.send(account, event);
  }

  /** False when the account has no known conversation to continue. */
  async send(account: ChatAccount, event: ChatEvent): Promise<boolean> {
    const reference = await this.conversations.find(account);
    if (!reference) return false;
    const turn: ProactiveTurn = { reference, event };
    await this.queue.enqueue(turnQueueKey(account), { channel: PROACTIVE_CHANNEL, payload: turn });
    return true;
  }
}
