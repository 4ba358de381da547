import { DataFileError } from '../platform/errors';
import { parseCsvRows } from './csvRows';
import { parseDirectoryEntry, type EntryField } from './parseDirectoryEntry';
import type { DirectoryEntry } from './student';

/** The columns a records CSV needs, as its header row names them (in any order, any case). */
export const RECORDS_CSV_COLUMNS = [
  'studentId',
  'nameJa',
  'nameEn',
  'program',
  'year',
  'finalYear',
  'facultyJa',
  'facultyEn',
] as const;

type Column = (typeof RECORDS_CSV_COLUMNS)[number];

/** What a row needs, by the field that is wrong. */
const NEEDS: Record<EntryField, string> = {
  studentId: 'needs a studentId of letters, digits, "." "_" "-" (at most 64)',
  name: 'needs both nameJa and nameEn',
  program: 'needs a program of undergraduate or graduate',
  year: 'needs a year from 1 to 10',
  finalYear: 'needs a finalYear of true or false (or 1/0, yes/no)',
  faculty: 'needs both facultyJa and facultyEn',
};

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

/**
 * Reads the registrar's CSV export: a header row naming at least {@link RECORDS_CSV_COLUMNS}
 * (any order, other columns ignored), then one student a row. Cells are trimmed; `program` is
 * read in any case, `finalYear` as true/false, 1/0 or yes/no. Returns the entries by normalized
 * ID. Throws {@link DataFileError} naming `file` and the first problem by its row number (the
 * header is row 1), never by a cell's content.
 */
export function parseStudentRecordsCsv(text: string, file: string): Map<string, DirectoryEntry> {
  const fail = (reason: string) => new DataFileError('student records', file, reason);
  const rows = parseCsvRows(text, (row, problem) => fail(`row ${row} ${problem}`));
  const [header, ...students] = rows;
  if (!header) throw fail('it is empty: it needs a header row and a row for each student');
  const at = columnsOf(header.cells, fail);
  if (students.length === 0) throw fail('it has a header row but no student rows');
  const entries = new Map<string, DirectoryEntry>();
  const rowOf = new Map<string, number>();
  for (const { row, cells } of students) {
    const cell = (column: Column) => (cells[at[column]] ?? '').trim();
    const entry = parseDirectoryEntry(
      {
        studentId: cell('studentId'),
        name: { ja: cell('nameJa'), en: cell('nameEn') },
        program: cell('program').toLowerCase(),
        year: /^\d{1,2}$/.test(cell('year')) ? Number(cell('year')) : undefined,
        finalYear: flag(cell('finalYear')),
        faculty: { ja: cell('facultyJa'), en: cell('facultyEn') },
      },
      (field) => fail(`row ${row} ${NEEDS[field]}`),
    );
    const earlier = rowOf.get(entry.studentId);
    if (earlier !== undefined) {
      throw fail(`row ${row} repeats the studentId of row ${earlier}`);
    }
    rowOf.set(entry.studentId, row);
    entries.set(entry.studentId, entry);
  }
  return entries;
}

/** Where each needed column is in the header row. */
function columnsOf(
  header: string[],
  fail: (reason: string) => DataFileError,
): Record<Column, number> {
  const names = header.map((name) => name.trim().toLowerCase());
  const at = {} as Record<Column, number>;
  const missing: Column[] = [];
  for (const column of RECORDS_CSV_COLUMNS) {
    const index = names.indexOf(column.toLowerCase());
    if (index < 0) missing.push(column);
    else if (names.lastIndexOf(column.toLowerCase()) !== index) {
      throw fail(`its header row names the column ${column} twice`);
    } else at[column] = index;
  }
  if (missing.length > 0) {
    throw fail(
      `its header row lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    );
  }
  return at;
}

function flag(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  return undefined;
}
