import { batchedGet } from '../storage/batchedWrites';
import type { RedisClient } from '../storage/redisConnection';
import type { RedisKeys } from '../storage/redisKeys';
import { StorageConflictError } from '../storage/errors';
import { UnreadableStorageItemError } from '../storage/errors';
import type { ChatAccount, DirectoryEntry, Student } from './student';
import { accountKey } from './student';
import { loggedIn, sameAccount, touched, withFields, withoutAccount } from './studentBindings';
import type { StudentRepository } from './studentRepository';
import { UnknownStudentError } from './errors';

/**
 * KEYS key · ARGV expected ('' = absent), next ('' = delete) → 1 written, 0 when the key no
 * longer holds what was read. Every change is read → computed here → written by this script, so
 * two instances changing one key never lose a write.
 */
const COMPARE_AND_SET = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2]) end
return 1`;

type StudentRedis = Pick<RedisClient, 'get' | 'eval'>;

export interface RedisStudentRepositoryOptions {
  /** Conflicting writers are retried this often before giving up. */
  maxAttempts?: number;
}

/**
 * The shared {@link StudentRepository}: per student a JSON record (in the student's slot), per
 * bound chat account a key naming its student (in the account's own slot).
 *
 * On Redis Cluster no script can span a student and an account, so binding is defined to need
 * both sides: an account is bound to a student when its key names the student *and* the
 * student's record lists it. Moving an account is then a series of one-key compare-and-sets in
 * a safe order — the account key first, then the new student's record, then the old one's — and
 * every reader checks both sides, so a crash (or a racing login) between steps leaves at worst
 * an account bound to nobody until the next login, never one shared by two students. Listed
 * accounts whose key names someone else are dropped by readers and pruned by the next login.
 */
export class RedisStudentRepository implements StudentRepository {
  private readonly maxAttempts: number;

  constructor(
    private readonly redis: StudentRedis,
    private readonly keys: RedisKeys,
    options: RedisStudentRepositoryOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 20;
  }

  async get(studentId: string): Promise<Student | undefined> {
    const student = decode(await batchedGet(this.redis, this.keys.student(studentId)));
    return student && this.withoutStale(student);
  }

  async findByAccount(account: ChatAccount): Promise<Student | undefined> {
    // Read with the other reads of the tick (every turn looks its student up: see batchedGet).
    const owner = await batchedGet(this.redis, this.keys.studentAccount(accountKey(account)));
    const student = owner === null ? undefined : await this.get(owner);
    return student?.accounts.some((bound) => sameAccount(bound, account)) ? student : undefined;
  }

  async login(entry: DirectoryEntry, account: ChatAccount): Promise<Student> {
    const indexKey = this.keys.studentAccount(accountKey(account));
    const previous = await this.retry(indexKey, async () => {
      const owner = await this.redis.get(indexKey);
      if (owner === entry.studentId) return { owner };
      return (await this.compareAndSet(indexKey, owner, entry.studentId)) ? { owner } : undefined;
    });
    const studentKey = this.keys.student(entry.studentId);
    const student = await this.retry(studentKey, async () => {
      const raw = await this.redis.get(studentKey);
      const existing = decode(raw);
      const next = loggedIn(existing && (await this.withoutStale(existing)), entry, account);
      return (await this.compareAndSet(studentKey, raw, JSON.stringify(next))) ? next : undefined;
    });
    if (previous.owner !== null && previous.owner !== entry.studentId) {
      await this.update(previous.owner, (old) => withoutAccount(old, account));
    }
    return student;
  }

  async unlink(account: ChatAccount): Promise<Student | undefined> {
    const indexKey = this.keys.studentAccount(accountKey(account));
    const owner = await this.retry(indexKey, async () => {
      const found = await this.redis.get(indexKey);
      if (found === null) return { found };
      return (await this.compareAndSet(indexKey, found, null)) ? { found } : undefined;
    });
    if (owner.found === null) return undefined;
    return this.update(owner.found, (student) => withoutAccount(student, account));
  }

  async setEmail(studentId: string, email: string): Promise<void> {
    await this.change(studentId, 'setEmail', (student) => withFields(student, { email }));
  }

  async setLanguage(studentId: string, language: Student['language']): Promise<void> {
    await this.change(studentId, 'setLanguage', (student) => withFields(student, { language }));
  }

  async setReminders(studentId: string, on: boolean): Promise<void> {
    await this.change(studentId, 'setReminders', (student) =>
      withFields(student, { reminders: on }),
    );
  }

  async touch(studentId: string, account: ChatAccount): Promise<void> {
    await this.change(studentId, 'touch', (student) => touched(student, account));
  }

  /** Like {@link update}, for a student who must exist. */
  private async change(
    studentId: string,
    operation: string,
    change: (student: Student) => Student,
  ): Promise<void> {
    if (!(await this.update(studentId, change))) throw new UnknownStudentError(operation);
  }

  /** Compare-and-sets one student's record; undefined (nothing written) when it is absent. */
  private async update(
    studentId: string,
    change: (student: Student) => Student,
  ): Promise<Student | undefined> {
    const key = this.keys.student(studentId);
    const outcome = await this.retry(key, async () => {
      const raw = await this.redis.get(key);
      const student = decode(raw);
      if (!student) return { student };
      const next = change(student);
      const json = JSON.stringify(next);
      if (json === raw) return { student: next };
      return (await this.compareAndSet(key, raw, json)) ? { student: next } : undefined;
    });
    return outcome.student && this.withoutStale(outcome.student);
  }

  /** The student without listed accounts whose key names another student (or none). */
  private async withoutStale(student: Student): Promise<Student> {
    const owners = await Promise.all(
      student.accounts.map((bound) => this.redis.get(this.keys.studentAccount(accountKey(bound)))),
    );
    return student.accounts
      .filter((_, i) => owners[i] !== student.studentId)
      .reduce(withoutAccount, student);
  }

  private async compareAndSet(
    key: string,
    read: string | null,
    write: string | null,
  ): Promise<boolean> {
    const written = await this.redis.eval(COMPARE_AND_SET, 1, key, read ?? '', write ?? '');
    return Number(written) === 1;
  }

  /** Runs `attempt` until it returns a result (undefined means "lost a race, read again"). */
  private async retry<T>(key: string, attempt: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < this.maxAttempts; i++) {
      const result = await attempt();
      if (result !== undefined) return result;
    }
    throw new StorageConflictError(key);
  }
}

function decode(raw: string | null): Student | undefined {
  if (raw === null) return undefined;
  let student: Student;
  try {
    student = JSON.parse(raw) as Student;
  } catch (err) {
    throw new UnreadableStorageItemError('student', { cause: err });
  }
  if (typeof student?.studentId !== 'string' || !Array.isArray(student.accounts)) {
    throw new UnreadableStorageItemError('student');
  }
  return student;
}
