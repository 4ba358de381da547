import { DataFileError } from '../platform/errors';
import type { DirectoryEntry } from '../students/student';
import { InvalidPasswordHashError } from './errors';
import { parsePasswordHash, type PasswordHash } from './passwordHash';
import { normalizeStudentId } from './studentId';

/** One student of the directory file: what the university says, and how to check the password. */
export interface DirectoryRecord {
  entry: DirectoryEntry;
  password: PasswordHash;
}

const STUDENT_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Reads a directory file: `{ "students": [ { studentId, passwordHash, name: { ja, en },
 * program, year, finalYear, faculty: { ja, en } } ] }`. Returns the records by normalized ID.
 * Throws {@link DataFileError} naming `file` and the first bad entry (by position, never
 * by its content: the file holds personal data).
 */
export function parseDirectoryFile(text: string, file: string): Map<string, DirectoryRecord> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataFileError('identity directory', file, 'it is not valid JSON', { cause: err });
  }
  const students = (json as { students?: unknown } | null)?.students;
  if (!Array.isArray(students) || students.length === 0) {
    throw new DataFileError('identity directory', file, 'it needs a non-empty "students" array');
  }
  const records = new Map<string, DirectoryRecord>();
  students.forEach((raw: unknown, index) => {
    const record = parseRecord(
      raw,
      (reason) => new DataFileError('identity directory', file, `students[${index}] ${reason}`),
    );
    if (records.has(record.entry.studentId)) {
      throw new DataFileError(
        'identity directory',
        file,
        `students[${index}] repeats an earlier studentId`,
      );
    }
    records.set(record.entry.studentId, record);
  });
  return records;
}

type Fail = (reason: string) => DataFileError;

function parseRecord(raw: unknown, fail: Fail): DirectoryRecord {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw fail('is not an object');
  const item = raw as Record<string, unknown>;
  const studentId = typeof item.studentId === 'string' ? normalizeStudentId(item.studentId) : '';
  if (!STUDENT_ID.test(studentId)) {
    throw fail('needs a "studentId" of letters, digits, "." "_" "-" (at most 64)');
  }
  if (typeof item.passwordHash !== 'string') throw fail('needs a "passwordHash"');
  let password: PasswordHash;
  try {
    password = parsePasswordHash(item.passwordHash);
  } catch (err) {
    if (err instanceof InvalidPasswordHashError)
      throw fail(`has an invalid passwordHash (${err.reason})`);
    throw err;
  }
  if (item.program !== 'undergraduate' && item.program !== 'graduate') {
    throw fail('needs "program": "undergraduate" or "graduate"');
  }
  const year = item.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1 || year > 10) {
    throw fail('needs a "year" from 1 to 10');
  }
  if (typeof item.finalYear !== 'boolean') throw fail('needs "finalYear": true or false');
  return {
    entry: {
      studentId,
      name: bilingual(item.name, 'name', fail),
      program: item.program,
      year,
      finalYear: item.finalYear,
      faculty: bilingual(item.faculty, 'faculty', fail),
    },
    password,
  };
}

function bilingual(value: unknown, field: string, fail: Fail): { ja: string; en: string } {
  const { ja, en } = (value ?? {}) as { ja?: unknown; en?: unknown };
  if (typeof ja !== 'string' || !ja.trim() || typeof en !== 'string' || !en.trim()) {
    throw fail(`needs "${field}": { "ja": "…", "en": "…" } with both texts`);
  }
  return { ja: ja.trim(), en: en.trim() };
}
