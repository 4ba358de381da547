import type { ChatAccountLinker } from '../students/chatAccountLinker';
import type { ConversationDirectory } from '../students/conversationDirectory';
import type { DirectoryEntry } from '../students/student';
import { CHAT_EVENTS, type ChatEventSender } from '../turns/chatEvents';
import type { AccountLinkNonces } from './accountLinkNonces';
import type { LoginOutcome, LoginRequest } from './loginRequest';

export interface LoginCompletionDeps {
  /** Binds the account and sends the link notice when the binding is new. */
  linker: Pick<ChatAccountLinker, 'link'>;
  conversations: ConversationDirectory;
  nonces: AccountLinkNonces;
  chatEvents: ChatEventSender;
  /** Where LINE's account link continues: `LINE_ACCOUNT_LINK_URL` with the token and nonce. */
  lineAccountLinkUrl: (linkToken: string, nonce: string) => string;
}

/**
 * What happens once the university accepted the login. A request that carries a LINE link
 * token goes through LINE's account-link flow: nothing is bound yet, the browser goes to LINE
 * with a single-use nonce, and the `accountLink` webhook event binds. Any other chat is bound at
 * once and told so in the conversation.
 */
export function createLoginCompletion(deps: LoginCompletionDeps) {
  return async (request: LoginRequest, entry: DirectoryEntry): Promise<LoginOutcome> => {
    if (request.linkToken) {
      const nonce = await deps.nonces.issue({
        studentId: entry.studentId,
        lineUserId: request.account.accountId,
        entry,
        // LINE binds later, on its `accountLink` event: the notice then names what the page named.
        ...(request.displayName ? { displayName: request.displayName } : {}),
      });
      return {
        kind: 'redirect',
        url: deps.lineAccountLinkUrl(request.linkToken, nonce),
      };
    }
    await deps.linker.link(entry, request.account, request.displayName);
    await deps.conversations.save(request.account, request.reference);
    await deps.chatEvents.send(request.account, {
      name: CHAT_EVENTS.loggedIn,
      value: { studentId: entry.studentId },
    });
    return { kind: 'done' };
  };
}
