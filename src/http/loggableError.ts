/**
 * The parts of an error that are safe to log. Redis client errors can carry the failed command
 * with its arguments, and here those arguments hold message text: they must not reach the logs.
 */
export function loggableError(err: unknown): {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
} {
  if (!(err instanceof Error)) return { name: typeof err, message: 'non-error thrown' };
  const { code } = err as Error & { code?: unknown };
  return { name: err.name, message: err.message, stack: err.stack, code };
}
