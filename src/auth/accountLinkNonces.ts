import type { DirectoryEntry } from '../students/student';

/** Who a LINE account-link nonce binds: the student who logged in and the LINE user who asked. */
export interface AccountLinkBinding {
  studentId: string;
  lineUserId: string;
  /** The directory facts of the login, to create or refresh the student when LINE confirms. */
  entry: DirectoryEntry;
  /** The LINE display name the login page showed, for the link notice; absent when unknown. */
  displayName?: string;
}

/**
 * Nonces for LINE's account-link flow. After a successful login the server issues one (≥128
 * random bits, 10 minutes, like the link token) and sends the browser to LINE with it; LINE
 * hands it back in the `accountLink` webhook event, and only then is the LINE user bound.
 * Memory and Redis implementations pass one contract suite.
 */
export interface AccountLinkNonces {
  /** A new nonce for `binding`, valid 10 minutes. */
  issue(binding: AccountLinkBinding): Promise<string>;
  /** The binding of a valid nonce, and never again: unknown, used or expired → undefined. */
  consume(nonce: string): Promise<AccountLinkBinding | undefined>;
}
