import type { TurnContext } from 'botbuilder';

/** What a channel adapter runs for each turn: the bot. */
export type BotLogic = (context: TurnContext) => Promise<void>;

/**
 * Set by an adapter whose activities carry no locale (LINE): looks the user's language up on the
 * platform (the LINE profile). The bot calls it only for a student whose language it does not
 * know yet, so the lookup costs nothing on later turns.
 */
export const LOCALE_LOOKUP = Symbol('localeLookup');
export type LocaleLookup = () => Promise<string | undefined>;

/**
 * Set by an adapter whose platform has a display name of its own for the user (LINE): looks it
 * up (the LINE profile, cached with the language). Never rejects; undefined when unknown. The
 * name is the user's own text: bound and escape it before showing it anywhere.
 */
export const DISPLAY_NAME_LOOKUP = Symbol('displayNameLookup');
export type DisplayNameLookup = () => Promise<string | undefined>;

/**
 * Set by an adapter whose platform runs its own account-link flow (LINE): issues the link token
 * that LINE's account-link redirect needs. Absent on other channels.
 */
export const LINK_TOKEN_ISSUER = Symbol('linkTokenIssuer');
export type LinkTokenIssuer = () => Promise<string>;

/**
 * Platform events that are not messages reach the bot as botbuilder activities:
 * - first contact (LINE `follow`, a web-chat page opening, Teams install) is a
 *   `conversationUpdate` whose `membersAdded` holds the user, as on Bot Framework;
 * - anything else is `type: 'event'` with one of these names and the details in `value`.
 */
export const EVENTS = {
  /** LINE account-link result (`accountLink`); value: `{ result, nonce }`. */
  accountLink: 'accountLink',
} as const;

/**
 * Set by the runner of a queued turn: the queue's id of the turn, the same each time the turn
 * is run (a turn is run again when its instance died before the queue heard it had finished).
 * The bot saves it with the conversation state at the end of the turn; a turn whose id it finds
 * there was committed already, and is not run again: its held-back messages are sent instead.
 */
export const TURN_ID = Symbol('turnId');

/**
 * Set by an adapter that holds a turn's messages until the turn is over (LINE's reply buffer):
 * the messages rendered so far, saved with the state as the turn's outbox, and the way to put a
 * committed turn's outbox back in the buffer to be sent (again: the adapter makes sure that what
 * reached the student before is not shown twice). Adapters that send at once set none.
 */
export const TURN_OUTBOX = Symbol('turnOutbox');
export interface TurnOutbox {
  /** The messages held so far, as JSON. */
  held(): unknown[];
  /** Puts the outbox of the committed run of this turn back to be sent. */
  restore(messages: unknown[]): void;
}
