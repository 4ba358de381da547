/** A request body refused before it was read whole: the client's mistake, answered with `status`. */
export class RequestBodyError extends Error {
  override readonly name = 'RequestBodyError';

  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: 'unreadable' | 'too_large' | 'unsupported_media_type',
  ) {
    super(`The request body was refused (${code}).`);
  }
}
