import { DataFileError } from '../platform/errors';
import { readFileSync } from 'node:fs';
import type { DirectoryEntry } from '../students/student';
import { normalizeStudentId } from '../students/studentId';
import type { StudentRecords } from '../students/studentRecords';
import { parseDirectoryFile, type DirectoryRecord } from './directoryFile';
import type { PasswordCheck } from './identityProvider';
import { unmatchablePasswordHash, verifyPassword, type PasswordHash } from './passwordHash';

/** Longer input is no ID or password of ours; refusing it early bounds the work per attempt. */
const MAX_INPUT_LENGTH = 1024;

/**
 * The embedded identity provider: a JSON file of students with scrypt password hashes (by
 * default the bundled demo directory `data/demo-students.json`; a university can point
 * configuration at its own file). Read once, at construction; a bad file throws
 * {@link DataFileError} there rather than at the first login. With no `STUDENT_RECORDS_FILE`
 * it is also the student records.
 */
export class DemoDirectory implements PasswordCheck, StudentRecords {
  private readonly records: Map<string, DirectoryRecord>;
  /** Checked when the ID is unknown, so the answer takes as long as for a wrong password. */
  private readonly decoy: PasswordHash;

  constructor(readonly file: string) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new DataFileError('identity directory', file, 'it cannot be read', { cause: err });
    }
    this.records = parseDirectoryFile(text, file);
    const costliest = [...this.records.values()]
      .map((record) => record.password)
      .reduce((a, b) => (cost(b) > cost(a) ? b : a));
    this.decoy = unmatchablePasswordHash(costliest);
  }

  /** How many students the directory holds. */
  get size(): number {
    return this.records.size;
  }

  async authenticate(studentId: string, password: string): Promise<DirectoryEntry | undefined> {
    if (typeof studentId !== 'string' || typeof password !== 'string') return undefined;
    if (studentId.length > MAX_INPUT_LENGTH || password.length > MAX_INPUT_LENGTH) return undefined;
    const record = this.records.get(normalizeStudentId(studentId));
    const matches = await verifyPassword(password, record?.password ?? this.decoy);
    return matches && record ? structuredClone(record.entry) : undefined;
  }

  /** The entry of a student, as the records (a copy: changing it changes nothing stored). */
  async find(studentId: string): Promise<DirectoryEntry | undefined> {
    const record = this.records.get(normalizeStudentId(studentId));
    return record && structuredClone(record.entry);
  }
}

function cost({ params }: PasswordHash): number {
  return params.N * params.r * params.p;
}
