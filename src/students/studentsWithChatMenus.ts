import { DEFAULT_LANGUAGE } from '../i18n/language';
import type { ChatMenus } from './chatMenus';
import type { StudentRepository } from './studentRepository';

/**
 * The student store, keeping the students' chat menus in step with it: when a student's
 * language is set (which the login sets right after linking, and every language switch sets),
 * each chat account bound to them gets the member menu in that language; a chat account
 * unbound gets the guest menu, in the student's language. Everything else passes through.
 */
export function studentsWithChatMenus(
  students: StudentRepository,
  menus: ChatMenus,
): StudentRepository {
  return {
    get: (studentId) => students.get(studentId),
    findByAccount: (account) => students.findByAccount(account),
    login: (entry, account) => students.login(entry, account),
    setEmail: (studentId, email) => students.setEmail(studentId, email),
    setReminders: (studentId, on) => students.setReminders(studentId, on),
    touch: (studentId, account) => students.touch(studentId, account),
    async setLanguage(studentId, language) {
      await students.setLanguage(studentId, language);
      const student = await students.get(studentId);
      for (const account of student?.accounts ?? []) {
        await menus.show(account, 'member', language ?? DEFAULT_LANGUAGE);
      }
    },
    async unlink(account) {
      const student = await students.unlink(account);
      if (student) await menus.show(account, 'guest', student.language ?? DEFAULT_LANGUAGE);
      return student;
    },
  };
}
