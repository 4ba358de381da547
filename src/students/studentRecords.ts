import type { DirectoryEntry } from './student';

/**
 * The registrar's records: who is enrolled, in which programme and year (what decides, e.g.,
 * whether a student may order a certificate of expected graduation). The identity provider says
 * who someone is; the records say what they may order. Embedded default: the demo directory;
 * real: `STUDENT_RECORDS_FILE` (JSON or CSV export of the registrar's system).
 */
export interface StudentRecords {
  /** The record of a normalized student ID (lower case), or undefined when there is none. */
  find(studentId: string): Promise<DirectoryEntry | undefined>;
}
