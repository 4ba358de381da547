import type { TurnContext } from 'botbuilder';
import type { ChatProfiles } from '../../src/bot/chatProfile';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import type { Language } from '../../src/i18n/language';
import { chatAccountOf } from '../../src/students/chatAccountOf';
import type { StudentRepository } from '../../src/students/studentRepository';

/** Remembers the chat's language and says so in it ("already speaking it" when unchanged). */
export async function changeLanguage(
  context: TurnContext,
  language: Language,
  profiles: ChatProfiles,
  students: StudentRepository,
): Promise<void> {
  const unchanged = turnLanguage(context) === language;
  await profiles.setLanguage(context, language);
  // A logged-in student's mails and pages follow the language they chose in the chat.
  const account = chatAccountOf(context);
  const student = account && (await students.findByAccount(account));
  if (student) await students.setLanguage(student.studentId, language);
  await context.sendActivity(turnT(context)(unchanged ? 'language.unchanged' : 'language.changed'));
}
