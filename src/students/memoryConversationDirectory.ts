import type { ConversationReference } from 'botbuilder';
import type { ConversationDirectory } from './conversationDirectory';
import { accountKey, type ChatAccount } from './student';

/** The embedded {@link ConversationDirectory}: one process, lost on restart. */
export class MemoryConversationDirectory implements ConversationDirectory {
  private readonly references = new Map<string, Partial<ConversationReference>>();

  async save(account: ChatAccount, reference: Partial<ConversationReference>): Promise<void> {
    this.references.set(accountKey(account), structuredClone(reference));
  }

  async find(account: ChatAccount): Promise<Partial<ConversationReference> | undefined> {
    const reference = this.references.get(accountKey(account));
    return reference && structuredClone(reference);
  }
}
