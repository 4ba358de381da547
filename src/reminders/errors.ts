/** A reminder offset, id, prefix or time that the reminder code cannot use; a programming error. */
export class ReminderInputError extends Error {
  override readonly name = 'ReminderInputError';
  readonly code = 'REMINDER_INPUT_INVALID';

  constructor(
    readonly what: string,
    readonly value: unknown,
  ) {
    super(`Reminders: invalid ${what}: ${JSON.stringify(value)}.`);
  }
}
