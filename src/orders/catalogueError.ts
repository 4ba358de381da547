/**
 * The catalogue file cannot be used: missing, not JSON, or a value out of range. Thrown at
 * start-up, naming the file and the first problem; the composition root reports it as a
 * configuration error.
 */
export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
  readonly code = 'ORDER_CATALOGUE_INVALID';

  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The catalogue file "${file}" cannot be used: ${reason}.`, options);
  }
}
