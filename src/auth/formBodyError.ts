/** A login form post the server cannot read: wrong content type (415), too large (413), cut off (400). */
export class FormBodyError extends Error {
  override readonly name = 'FormBodyError';

  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`form body refused: ${code} (${status})`);
  }
}
