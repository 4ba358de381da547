import type { ChatAccount } from './student';

/**
 * Which chat accounts can be reached. LINE tells the service when a user blocks the bot
 * (`unfollow`) and unblocks it (`follow`); nothing is sent to a blocked account until then, and
 * staff pushes count it as blocked rather than failed.
 */
export interface ChatReachability {
  markBlocked(account: ChatAccount): Promise<void>;
  markReachable(account: ChatAccount): Promise<void>;
  /** The `accountKey`s of those among `accounts` that are blocked. */
  blockedAmong(accounts: readonly ChatAccount[]): Promise<Set<string>>;
}
