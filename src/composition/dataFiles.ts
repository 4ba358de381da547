import { isAbsolute, join } from 'node:path';
import { DemoDirectory } from '../auth/demoDirectory';
import type { Catalogue } from '../orders/catalogue';
import { loadCatalogue } from '../orders/loadCatalogue';
import { ConfigError, DataFileError } from '../platform/errors';
import { PROJECT_ROOT } from '../platform/projectRoot';
import { StaffAccounts } from '../staff/dashboard/staffAccounts';

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
