import type { ChatAccount, DirectoryEntry, Student } from './student';

/**
 * Students and the chat accounts bound to them. Memory and Redis implementations pass one
 * contract test suite. Binding is one-to-many: a student may use LINE and the web chat, but a
 * chat account belongs to at most one student (binding it again moves it).
 */
export interface StudentRepository {
  get(studentId: string): Promise<Student | undefined>;
  /** The student bound to a chat account, if any. */
  findByAccount(account: ChatAccount): Promise<Student | undefined>;
  /**
   * Records a successful login: creates the student from the directory entry or refreshes the
   * directory facts of an existing one (keeping email, language, accounts), then binds `account`.
   */
  login(entry: DirectoryEntry, account: ChatAccount): Promise<Student>;
  /** Unbinds a chat account; returns the student it belonged to. */
  unlink(account: ChatAccount): Promise<Student | undefined>;
  /** Sets the confirmed email address. */
  setEmail(studentId: string, email: string): Promise<void>;
  setLanguage(studentId: string, language: Student['language']): Promise<void>;
  /** Turns deadline reminders on or off (Settings); a new student has them on. */
  setReminders(studentId: string, on: boolean): Promise<void>;
  /** Remembers which account the student used last (for proactive messages). */
  touch(studentId: string, account: ChatAccount): Promise<void>;
}
