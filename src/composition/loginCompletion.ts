import type { AccountLinkNonces } from '../auth/accountLinkNonces';
import type { LoginOutcome, LoginRequest } from '../auth/loginRequest';
import { lineAccountLinkUrl } from '../channels/line/accountLinkUrl';
import type { ConversationDirectory } from '../students/conversationDirectory';
import type { DirectoryEntry } from '../students/student';
import type { StudentRepository } from '../students/studentRepository';
import { CHAT_EVENTS, type ChatEventSender } from '../turns/chatEvents';

export interface LoginCompletionDeps {
  students: StudentRepository;
  conversations: ConversationDirectory;
  nonces: AccountLinkNonces;
  chatEvents: ChatEventSender;
  /** LINE's account-link endpoint (`LINE_ACCOUNT_LINK_URL`). */
  lineAccountLinkUrl: string;
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
      });
      return {
        kind: 'redirect',
        url: lineAccountLinkUrl(deps.lineAccountLinkUrl, request.linkToken, nonce),
      };
    }
    await deps.students.login(entry, request.account);
    await deps.conversations.save(request.account, request.reference);
    await deps.chatEvents.send(request.account, {
      name: CHAT_EVENTS.loggedIn,
      value: { studentId: entry.studentId },
    });
    return { kind: 'done' };
  };
}
