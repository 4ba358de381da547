import { parseStudentsJson } from '../students/parseStudentsJson';
import type { DirectoryEntry } from '../students/student';
import { InvalidPasswordHashError } from './errors';
import { parsePasswordHash, type PasswordHash } from './passwordHash';

/** One student of the directory file: what the university says, and how to check the password. */
export interface DirectoryRecord {
  entry: DirectoryEntry;
  password: PasswordHash;
}

/**
 * Reads a directory file: `{ "students": [ { studentId, passwordHash, name: { ja, en },
 * program, year, finalYear, faculty: { ja, en } } ] }`. Returns the records by normalized ID.
 * Throws a `DataFileError` naming `file` and the first bad entry (by position, never
 * by its content: the file holds personal data).
 */
export function parseDirectoryFile(text: string, file: string): Map<string, DirectoryRecord> {
  return parseStudentsJson(text, 'identity directory', file, (entry, item, fail) => {
    if (typeof item.passwordHash !== 'string') throw fail('needs a "passwordHash"');
    try {
      return { entry, password: parsePasswordHash(item.passwordHash) };
    } catch (err) {
      if (err instanceof InvalidPasswordHashError) {
        throw fail(`has an invalid passwordHash (${err.reason})`);
      }
      throw err;
    }
  });
}
