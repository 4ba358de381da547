/**
 * A change was asked for a student the repository does not hold (a student exists from their
 * first login on). The ID is not in the message: error logs must not carry personal data.
 */
export class UnknownStudentError extends Error {
  override readonly name = 'UnknownStudentError';
  readonly code = 'STUDENT_UNKNOWN';

  constructor(readonly operation: string) {
    super(`Students: ${operation} was asked for a student who has never logged in.`);
  }
}
