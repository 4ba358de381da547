/**
 * The identity directory file cannot be used: missing, not JSON, or an entry that is not a
 * student. Thrown at start-up, naming the file and the first problem found; the composition root
 * reports it as a configuration error.
 */
export class DirectoryFileError extends Error {
  override readonly name = 'DirectoryFileError';
  readonly code = 'AUTH_DIRECTORY_FILE';

  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The identity directory file "${file}" cannot be used: ${reason}.`, options);
  }
}
