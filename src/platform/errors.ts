/** A configuration value that stops start-up; `message` is one sentence naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** The data files the service reads at start-up, by what they hold. */
export type DataFileKind =
  'catalogue' | 'identity directory' | 'staff accounts' | 'student records';

const DATA_FILE_CODES: Record<DataFileKind, string> = {
  catalogue: 'ORDER_CATALOGUE_INVALID',
  'identity directory': 'AUTH_DIRECTORY_FILE',
  'staff accounts': 'STAFF_ACCOUNTS_FILE',
  'student records': 'STUDENT_RECORDS_FILE',
};

/**
 * A data file cannot be used: missing, malformed, or an entry out of range. Thrown at start-up,
 * naming the file and the first problem found (by position, never by a password hash); the
 * composition root reports it as a configuration error of the setting that named the file.
 */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  readonly code: string;

  constructor(
    readonly kind: DataFileKind,
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The ${kind} file "${file}" cannot be used: ${reason}.`, options);
    this.code = DATA_FILE_CODES[kind];
  }
}
