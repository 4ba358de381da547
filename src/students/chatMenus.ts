import type { Language } from '../i18n/language';
import type { ChatAccount } from './student';

/** Which menu a chat account should see: a guest's (not logged in) or a member's (linked). */
export type ChatMenuKind = 'guest' | 'member';

/**
 * The menu a chat platform keeps beside the chat (LINE's rich menu), chosen per chat account.
 * Channels without one ignore it ({@link noChatMenus}).
 */
export interface ChatMenus {
  /**
   * Gives `account` the `kind` menu in `language`. Never rejects: a menu that cannot be set now
   * is logged and left as it is, and the next change sets it right.
   */
  show(account: ChatAccount, kind: ChatMenuKind, language: Language): Promise<void>;
}

/** For channels without a menu of their own: does nothing. */
export const noChatMenus: ChatMenus = { show: async () => undefined };
