import type Redis from 'ioredis';
import type { RedisKeys } from '../storage/redisKeys';
import { StorageConflictError } from '../storage/errors';
import { UnreadableStorageItemError } from '../storage/errors';
import type { ChatAccount, DirectoryEntry, Student } from './student';
import { accountKey } from './student';
import { loggedIn, touched, withFields, withoutAccount } from './studentBindings';
import type { StudentRepository } from './studentRepository';
import { UnknownStudentError } from './errors';

/**
 * KEYS k1..kn · ARGV expected1..expectedn, next1..nextn ('' = absent / delete) → 1 written, 0
 * when any key no longer holds what was read. Every change is read → computed here → written by
 * this script, so two instances changing one student (or moving one account) never lose a write.
 */
const COMPARE_AND_SET = `
local n = #KEYS
for i = 1, n do
  if (redis.call('GET', KEYS[i]) or '') ~= ARGV[i] then return 0 end
end
for i = 1, n do
  local value = ARGV[n + i]
  if value == '' then redis.call('DEL', KEYS[i]) else redis.call('SET', KEYS[i], value) end
end
return 1`;

type StudentRedis = Pick<Redis, 'get' | 'mget' | 'eval'>;

/** One key of a compare-and-set: what was read there, and what to write (null deletes). */
interface Change {
  key: string;
  read: string | null;
  write: string | null;
}

export interface RedisStudentRepositoryOptions {
  /** Conflicting writers are retried this often before giving up. */
  maxAttempts?: number;
}

/**
 * The shared {@link StudentRepository}: per student a JSON record, per bound chat account a key
 * naming its student. All of them carry the hash tag `{students}` (see {@link RedisKeys}), so
 * the multi-key script also runs on Redis Cluster.
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
    return decode(await this.redis.get(this.keys.student(studentId)));
  }

  async findByAccount(account: ChatAccount): Promise<Student | undefined> {
    const owner = await this.redis.get(this.keys.studentAccount(accountKey(account)));
    return owner === null ? undefined : this.get(owner);
  }

  async login(entry: DirectoryEntry, account: ChatAccount): Promise<Student> {
    const studentKey = this.keys.student(entry.studentId);
    const indexKey = this.keys.studentAccount(accountKey(account));
    return this.retry(studentKey, async () => {
      const owner = await this.redis.get(indexKey);
      const ownerKey = owner !== null && owner !== entry.studentId ? this.keys.student(owner) : '';
      const [raw, ownerRaw] = await this.redis.mget(studentKey, ownerKey || studentKey);
      const student = loggedIn(decode(raw), entry, account);
      const changes: Change[] = [
        { key: studentKey, read: raw, write: JSON.stringify(student) },
        { key: indexKey, read: owner, write: entry.studentId },
      ];
      const previous = ownerKey ? decode(ownerRaw) : undefined;
      if (previous) {
        const moved = JSON.stringify(withoutAccount(previous, account));
        changes.push({ key: ownerKey, read: ownerRaw, write: moved });
      }
      return (await this.compareAndSet(changes)) ? student : undefined;
    });
  }

  async unlink(account: ChatAccount): Promise<Student | undefined> {
    const indexKey = this.keys.studentAccount(accountKey(account));
    const outcome = await this.retry(indexKey, async () => {
      const owner = await this.redis.get(indexKey);
      if (owner === null) return { student: undefined };
      const ownerKey = this.keys.student(owner);
      const raw = await this.redis.get(ownerKey);
      const student = decode(raw);
      const changes: Change[] = [{ key: indexKey, read: owner, write: null }];
      const unlinked = student && withoutAccount(student, account);
      if (unlinked) changes.push({ key: ownerKey, read: raw, write: JSON.stringify(unlinked) });
      return (await this.compareAndSet(changes)) ? { student: unlinked } : undefined;
    });
    return outcome.student;
  }

  async setEmail(studentId: string, email: string): Promise<void> {
    await this.update(studentId, 'setEmail', (student) => withFields(student, { email }));
  }

  async setLanguage(studentId: string, language: Student['language']): Promise<void> {
    await this.update(studentId, 'setLanguage', (student) => withFields(student, { language }));
  }

  async setReminders(studentId: string, on: boolean): Promise<void> {
    await this.update(studentId, 'setReminders', (student) =>
      withFields(student, { reminders: on }),
    );
  }

  async touch(studentId: string, account: ChatAccount): Promise<void> {
    await this.update(studentId, 'touch', (student) => touched(student, account));
  }

  private async update(
    studentId: string,
    operation: string,
    change: (student: Student) => Student,
  ): Promise<void> {
    const key = this.keys.student(studentId);
    await this.retry(key, async () => {
      const raw = await this.redis.get(key);
      const student = decode(raw);
      if (!student) throw new UnknownStudentError(operation);
      const next = JSON.stringify(change(student));
      if (next === raw) return true;
      return (await this.compareAndSet([{ key, read: raw, write: next }])) || undefined;
    });
  }

  private async compareAndSet(changes: Change[]): Promise<boolean> {
    const written = await this.redis.eval(
      COMPARE_AND_SET,
      changes.length,
      ...changes.map((c) => c.key),
      ...changes.map((c) => c.read ?? ''),
      ...changes.map((c) => c.write ?? ''),
    );
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
