import { TurnContext } from 'botbuilder';
import { EVENTS } from '../../src/bot/botLogic';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import { chatAccountOf } from '../../src/students/chatAccountOf';
import type { Student } from '../../src/students/student';
import { CHAT_EVENTS } from '../../src/turns/chatEvents';
import type { DialogServices } from '../dialogServices';
import { studentName } from '../studentName';

/** True for the events that finish a login: LINE's `accountLink`, the login page's `loggedIn`. */
export function isLoginEvent(context: TurnContext): boolean {
  const { type, name } = context.activity;
  return type === 'event' && (name === EVENTS.accountLink || name === CHAT_EVENTS.loggedIn);
}

/**
 * Completes a login from its event and tells the student how it went. LINE's account link binds
 * only with a valid, unused nonce issued for this very LINE user; the login page's event is
 * trusted only if the page really bound this account. Returns the student, or undefined.
 */
export async function completeLoginEvent(
  context: TurnContext,
  services: DialogServices,
): Promise<Student | undefined> {
  const t = turnT(context);
  const account = chatAccountOf(context);
  const value = (context.activity.value ?? {}) as Record<string, unknown>;
  let student: Student | undefined;
  if (account && context.activity.name === EVENTS.accountLink) {
    if (value.result !== 'ok' || typeof value.nonce !== 'string') {
      await context.sendActivity(t('login.failed'));
      return undefined;
    }
    const link = await services.accountLinks.consume(value.nonce);
    if (link && link.lineUserId === account.accountId) {
      student = await services.linker.link(link.entry, account, link.displayName);
    }
  } else if (account) {
    const bound = await services.students.findByAccount(account);
    student = bound && bound.studentId === value.studentId ? bound : undefined;
  }
  if (!student || !account) {
    await context.sendActivity(t('login.invalidLink'));
    return undefined;
  }
  await services.conversations.save(
    account,
    TurnContext.getConversationReference(context.activity),
  );
  await services.students.setLanguage(student.studentId, turnLanguage(context));
  const name = studentName(student, turnLanguage(context));
  await context.sendActivity(
    `${t('login.done', { name, studentId: student.studentId })}\n${t('login.unlinkHint')}`,
  );
  return student;
}
