import type { ChatAccount, DirectoryEntry, Student } from './student';
import { accountKey } from './student';
import { loggedIn, touched, withFields, withoutAccount } from './studentBindings';
import type { StudentRepository } from './studentRepository';
import { UnknownStudentError } from './errors';

/** The embedded {@link StudentRepository}: one process, lost on restart. Hands out copies. */
export class MemoryStudentRepository implements StudentRepository {
  private readonly students = new Map<string, Student>();
  /** accountKey → studentId. */
  private readonly owners = new Map<string, string>();

  async get(studentId: string): Promise<Student | undefined> {
    const student = this.students.get(studentId);
    return student && structuredClone(student);
  }

  async findByAccount(account: ChatAccount): Promise<Student | undefined> {
    const owner = this.owners.get(accountKey(account));
    return owner === undefined ? undefined : this.get(owner);
  }

  async login(entry: DirectoryEntry, account: ChatAccount): Promise<Student> {
    const key = accountKey(account);
    const previousOwner = this.owners.get(key);
    if (previousOwner !== undefined && previousOwner !== entry.studentId) {
      const previous = this.students.get(previousOwner);
      if (previous) this.students.set(previousOwner, withoutAccount(previous, account));
    }
    const student = loggedIn(this.students.get(entry.studentId), entry, account);
    this.students.set(student.studentId, student);
    this.owners.set(key, student.studentId);
    return structuredClone(student);
  }

  async unlink(account: ChatAccount): Promise<Student | undefined> {
    const key = accountKey(account);
    const owner = this.owners.get(key);
    if (owner === undefined) return undefined;
    this.owners.delete(key);
    const student = this.students.get(owner);
    if (!student) return undefined;
    const unlinked = withoutAccount(student, account);
    this.students.set(owner, unlinked);
    return structuredClone(unlinked);
  }

  async setEmail(studentId: string, email: string): Promise<void> {
    this.students.set(studentId, withFields(this.existing(studentId, 'setEmail'), { email }));
  }

  async setLanguage(studentId: string, language: Student['language']): Promise<void> {
    const student = this.existing(studentId, 'setLanguage');
    this.students.set(studentId, withFields(student, { language }));
  }

  async setReminders(studentId: string, on: boolean): Promise<void> {
    const student = this.existing(studentId, 'setReminders');
    this.students.set(studentId, withFields(student, { reminders: on }));
  }

  async touch(studentId: string, account: ChatAccount): Promise<void> {
    this.students.set(studentId, touched(this.existing(studentId, 'touch'), account));
  }

  private existing(studentId: string, operation: string): Student {
    const student = this.students.get(studentId);
    if (!student) throw new UnknownStudentError(operation);
    return student;
  }
}
