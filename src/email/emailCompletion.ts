import type { Logger } from '../platform/logger';
import type { StudentRepository } from '../students/studentRepository';
import { CHAT_EVENTS, type ChatEventSender } from '../turns/chatEvents';
import type { ConfirmedEmail, EmailVerification } from './emailVerification';

export interface EmailCompletionDeps {
  students: StudentRepository;
  verification: EmailVerification;
  chatEvents: ChatEventSender;
  logger: Logger;
}

/**
 * What happens when a student confirms an address on the confirmation page: the address is
 * stored (the old one stayed in force until now), a change is notified to the old address, and
 * the conversation the student used last hears about it and moves on.
 */
export function createEmailCompletion(deps: EmailCompletionDeps) {
  return async (confirmed: ConfirmedEmail): Promise<void> => {
    await deps.students.setEmail(confirmed.studentId, confirmed.address);
    const { previousAddress } = confirmed;
    if (
      confirmed.purpose === 'change' &&
      previousAddress &&
      previousAddress !== confirmed.address
    ) {
      try {
        await deps.verification.sendChangeNotice(previousAddress, confirmed.language);
      } catch (err) {
        // The change itself stands; a lost notice must not undo it.
        deps.logger.warn({ err }, 'could not send the change notice to the previous address');
      }
    }
    await deps.chatEvents.tell(await deps.students.get(confirmed.studentId), {
      name: CHAT_EVENTS.emailConfirmed,
      value: { address: confirmed.address, purpose: confirmed.purpose },
    });
  };
}
