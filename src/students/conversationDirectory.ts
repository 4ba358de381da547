import type { ConversationReference } from 'botbuilder';
import type { ChatAccount } from './student';

/**
 * Where to reach a chat account proactively: its latest conversation reference (Teams needs the
 * serviceUrl and conversation id; LINE and the web chat need the ids). Stored per account.
 */
export interface ConversationDirectory {
  save(account: ChatAccount, reference: Partial<ConversationReference>): Promise<void>;
  find(account: ChatAccount): Promise<Partial<ConversationReference> | undefined>;
}
