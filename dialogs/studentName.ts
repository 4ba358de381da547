import type { Language } from '../src/i18n/language';
import type { DirectoryEntry } from '../src/students/student';

/** The student's name as the bot addresses them in a language. */
export function studentName(student: Pick<DirectoryEntry, 'name'>, language: Language): string {
  return student.name[language];
}
