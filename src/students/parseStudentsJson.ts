import { DataFileError, type DataFileKind } from '../platform/errors';
import { parseCourses } from './parseCourses';
import { parseDirectoryEntry, type EntryField } from './parseDirectoryEntry';
import type { DirectoryEntry } from './student';

/** What a JSON entry needs, by the field that is wrong (the wording of the directory's errors). */
const NEEDS: Record<EntryField, string> = {
  studentId: 'needs a "studentId" of letters, digits, "." "_" "-" (at most 64)',
  name: 'needs "name": { "ja": "…", "en": "…" } with both texts',
  program: 'needs "program": "undergraduate" or "graduate"',
  year: 'needs a "year" from 1 to 10',
  finalYear: 'needs "finalYear": true or false',
  faculty: 'needs "faculty": { "ja": "…", "en": "…" } with both texts',
};

/** Makes the error of a problem in the entry being read. */
export type EntryFail = (reason: string) => DataFileError;

/**
 * Reads a JSON file of students, `{ "students": [ { studentId, name: { ja, en }, program, year,
 * finalYear, faculty: { ja, en }, courses?: [...], … } ] }` — the identity directory and the student records share
 * it. `extend` reads what a kind of file adds to each entry (the directory's password hash).
 * Returns the results by normalized student ID. Throws {@link DataFileError} naming `file` and
 * the first bad entry by its position, never by its content.
 */
export function parseStudentsJson<T>(
  text: string,
  kind: DataFileKind,
  file: string,
  extend: (entry: DirectoryEntry, item: Record<string, unknown>, fail: EntryFail) => T,
): Map<string, T> {
  let json: unknown;
  try {
    // Windows editors save UTF-8 with a byte order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new DataFileError(kind, file, 'it is not valid JSON', { cause: err });
  }
  const students = (json as { students?: unknown } | null)?.students;
  if (!Array.isArray(students) || students.length === 0) {
    throw new DataFileError(kind, file, 'it needs a non-empty "students" array');
  }
  const results = new Map<string, T>();
  students.forEach((raw: unknown, index) => {
    const fail: EntryFail = (reason) =>
      new DataFileError(kind, file, `students[${index}] ${reason}`);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw fail('is not an object');
    }
    const item = raw as Record<string, unknown>;
    const parsed = parseDirectoryEntry(item, (field) => fail(NEEDS[field]));
    const courses = parseCourses(item.courses, fail);
    const entry = courses ? { ...parsed, courses } : parsed;
    if (results.has(entry.studentId)) throw fail('repeats an earlier studentId');
    results.set(entry.studentId, extend(entry, item, fail));
  });
  return results;
}
