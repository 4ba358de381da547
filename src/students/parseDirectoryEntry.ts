import type { DirectoryEntry } from './student';
import { isStudentId, normalizeStudentId } from './studentId';

/** The parts of a {@link DirectoryEntry} a data file can get wrong, one at a time. */
export type EntryField = 'studentId' | 'name' | 'program' | 'year' | 'finalYear' | 'faculty';

/**
 * Checks one student of a data file, given in the directory's JSON shape (`studentId`,
 * `name: { ja, en }`, `program`, `year`, `finalYear`, `faculty: { ja, en }`; other fields are
 * ignored), and returns the entry with its ID normalized and its texts trimmed. On the first bad
 * field it throws what `fail` makes of it: each file format words the problem its own way, and
 * never repeats the value (a data file holds personal data).
 */
export function parseDirectoryEntry(
  item: Record<string, unknown>,
  fail: (field: EntryField) => Error,
): DirectoryEntry {
  const studentId = typeof item.studentId === 'string' ? normalizeStudentId(item.studentId) : '';
  if (!isStudentId(studentId)) throw fail('studentId');
  if (item.program !== 'undergraduate' && item.program !== 'graduate') throw fail('program');
  const year = item.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1 || year > 10) {
    throw fail('year');
  }
  if (typeof item.finalYear !== 'boolean') throw fail('finalYear');
  const name = bilingual(item.name);
  if (!name) throw fail('name');
  const faculty = bilingual(item.faculty);
  if (!faculty) throw fail('faculty');
  return { studentId, name, program: item.program, year, finalYear: item.finalYear, faculty };
}

function bilingual(value: unknown): { ja: string; en: string } | undefined {
  const { ja, en } = (value ?? {}) as { ja?: unknown; en?: unknown };
  if (typeof ja !== 'string' || !ja.trim() || typeof en !== 'string' || !en.trim()) {
    return undefined;
  }
  return { ja: ja.trim(), en: en.trim() };
}
