import { extname } from 'node:path';
import { DataFileError } from '../platform/errors';
import { parseStudentRecordsCsv } from './parseStudentRecordsCsv';
import { parseStudentsJson } from './parseStudentsJson';
import type { DirectoryEntry } from './student';

/** The formats of a records file. */
export type RecordsFormat = 'json' | 'csv';

/** Far above any university's export (tens of thousands of students): a bound, not a quota. */
export const MAX_RECORDS_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The format of a records file: by its extension (`.json`, `.csv`, any case); any other name by
 * its content — JSON when the first character after a byte order mark and white space is `{`,
 * CSV otherwise.
 */
export function recordsFormatOf(file: string, text: string): RecordsFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.csv') return 'csv';
  return /^\uFEFF?\s*\{/.test(text) ? 'json' : 'csv';
}

/**
 * Reads the bytes of a records file (UTF-8, with or without a byte order mark; JSON in the
 * directory's format without passwords, or the registrar's CSV) into entries by normalized ID.
 * Throws {@link DataFileError} naming `file` and the first problem, never personal data.
 */
export function parseStudentRecords(bytes: Uint8Array, file: string): Map<string, DirectoryEntry> {
  if (bytes.length > MAX_RECORDS_FILE_BYTES) throw tooLarge(file);
  let text: string;
  try {
    // Registrar systems in Japan often export Shift_JIS: refused here rather than read as garbage.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    throw new DataFileError('student records', file, 'it is not UTF-8 text', { cause: err });
  }
  return recordsFormatOf(file, text) === 'json'
    ? parseStudentsJson(text, 'student records', file, (entry) => entry)
    : parseStudentRecordsCsv(text, file);
}

/** The error of a file above {@link MAX_RECORDS_FILE_BYTES}, for callers that check its size first. */
export function tooLarge(file: string): DataFileError {
  return new DataFileError(
    'student records',
    file,
    `it is larger than ${MAX_RECORDS_FILE_BYTES / 1024 / 1024} MiB`,
  );
}
