import { isAbsolute, join } from 'node:path';
import { DemoDirectory } from '../auth/demoDirectory';
import type { Catalogue } from '../orders/catalogue';
import { loadCatalogue } from '../orders/loadCatalogue';
import { ConfigError, DataFileError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import { PROJECT_ROOT } from '../platform/projectRoot';
import { StaffAccounts } from '../staff/dashboard/staffAccounts';
import type { StudentRecords } from '../students/studentRecords';
import { StudentRecordsFile } from '../students/studentRecordsFile';

/**
 * Loads the data file a setting names (relative paths from the project's root). A file that
 * cannot be used stops start-up like any bad setting: one sentence naming the setting.
 */
function loadDataFile<T>(setting: string, file: string, load: (path: string) => T): T {
  try {
    return load(isAbsolute(file) ? file : join(PROJECT_ROOT, file));
  } catch (err) {
    if (err instanceof DataFileError) throw new ConfigError(setting, `${setting}: ${err.message}`);
    throw err;
  }
}

/** The university's catalogue (`CATALOGUE_FILE`). */
export function loadCatalogueFile(file: string): Catalogue {
  return loadDataFile('CATALOGUE_FILE', file, loadCatalogue);
}

/** The identity port's embedded default (`IDENTITY_DIRECTORY_FILE`). */
export function loadDirectory(file: string): DemoDirectory {
  return loadDataFile('IDENTITY_DIRECTORY_FILE', file, (path) => new DemoDirectory(path));
}

/** The dashboard's staff accounts (`STAFF_ACCOUNTS_FILE`). */
export function loadStaffAccountsFile(file: string): StaffAccounts {
  return loadDataFile('STAFF_ACCOUNTS_FILE', file, (path) => StaffAccounts.fromFile(path));
}

/** Student records the app closes when it stops (a file's watch). */
export interface LoadedStudentRecords extends StudentRecords {
  close(): Promise<void>;
}

/**
 * The registrar's records (`STUDENT_RECORDS_FILE`), watched and re-read when the file changes;
 * with no file, `directory` (the identity directory) is the records.
 */
export function loadStudentRecords(
  file: string | undefined,
  directory: StudentRecords,
  logger: Logger,
): LoadedStudentRecords {
  if (file === undefined) {
    return { find: (studentId) => directory.find(studentId), close: async () => undefined };
  }
  return loadDataFile('STUDENT_RECORDS_FILE', file, (path) =>
    StudentRecordsFile.open(path, { logger }),
  );
}
