import type { DateTime } from 'luxon';
import type { Clock } from '../platform/clock';
import type { ChatAccount, DirectoryEntry, Student } from './student';
import type { StudentRepository } from './studentRepository';

/** A chat account newly bound to a student: what the student is told about. */
export interface NewChatLink {
  /** The student as stored after the binding (the confirmed address, if any, is theirs). */
  student: Student;
  account: ChatAccount;
  /** The platform's display name the login page showed (LINE), if known. */
  displayName?: string;
  linkedAt: DateTime;
}

/**
 * Tells a student that a chat account was linked to their university ID (the link notice
 * mail). Must not reject: a notice that cannot be sent never undoes or fails the login.
 */
export interface LinkNotifier {
  linked(link: NewChatLink): Promise<void>;
}

export interface ChatAccountLinkerDeps {
  students: StudentRepository;
  notifier: LinkNotifier;
  clock: Clock;
}

/**
 * Binds a chat account to a student once the university accepted the login, and makes every
 * new binding visible to the student: a login link forwarded to someone else would otherwise
 * bind that person's chat to the student silently. New means the account was not bound to this
 * student just before (unbound, or bound to someone else); a re-login of an account already
 * bound to the same student is routine and tells no one.
 */
export class ChatAccountLinker {
  constructor(private readonly deps: ChatAccountLinkerDeps) {}

  /** Binds `account` to the student of `entry` (see {@link StudentRepository.login}). */
  async link(entry: DirectoryEntry, account: ChatAccount, displayName?: string): Promise<Student> {
    const before = await this.deps.students.findByAccount(account);
    const student = await this.deps.students.login(entry, account);
    if (before?.studentId !== student.studentId) {
      await this.deps.notifier.linked({
        student,
        account,
        ...(displayName ? { displayName } : {}),
        linkedAt: this.deps.clock.now(),
      });
    }
    return student;
  }
}
