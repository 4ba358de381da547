import { isAbsolute, join } from 'node:path';
import { ConfigError } from '../../config/configError';
import { PROJECT_ROOT } from '../../platform/projectRoot';
import { StaffAccounts } from './staffAccounts';
import { StaffAccountsFileError } from './staffAccountsFileError';

/** The dashboard's staff accounts; a bad file stops start-up like any bad setting. */
export function loadStaffAccountsFile(file: string): StaffAccounts {
  try {
    return StaffAccounts.fromFile(isAbsolute(file) ? file : join(PROJECT_ROOT, file));
  } catch (err) {
    if (err instanceof StaffAccountsFileError) {
      throw new ConfigError('STAFF_ACCOUNTS_FILE', `STAFF_ACCOUNTS_FILE: ${err.message}`);
    }
    throw err;
  }
}
