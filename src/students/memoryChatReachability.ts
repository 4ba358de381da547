import type { ChatReachability } from './chatReachability';
import { accountKey, type ChatAccount } from './student';

/** The embedded {@link ChatReachability}: one process's set of blocked accounts. */
export class MemoryChatReachability implements ChatReachability {
  private readonly blocked = new Set<string>();

  async markBlocked(account: ChatAccount): Promise<void> {
    this.blocked.add(accountKey(account));
  }

  async markReachable(account: ChatAccount): Promise<void> {
    this.blocked.delete(accountKey(account));
  }

  async blockedAmong(accounts: readonly ChatAccount[]): Promise<Set<string>> {
    return new Set(accounts.map(accountKey).filter((key) => this.blocked.has(key)));
  }
}
