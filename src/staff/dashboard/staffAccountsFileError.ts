/**
 * The staff accounts file cannot be used: missing, not JSON, or an entry that is not a staff
 * account. Thrown at start-up, naming the file and the first problem (by position, never by a
 * password hash); the dashboard reports it as a configuration error of `STAFF_ACCOUNTS_FILE`.
 */
export class StaffAccountsFileError extends Error {
  override readonly name = 'StaffAccountsFileError';
  readonly code = 'STAFF_ACCOUNTS_FILE';

  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The staff accounts file "${file}" cannot be used: ${reason}.`, options);
  }
}
