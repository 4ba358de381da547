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

/** A request refused because the service's state (Redis) cannot be reached; answered 503. */
export class StateUnavailableError extends Error {
  override readonly name = 'StateUnavailableError';

  constructor(readonly route: string) {
    super(`Request refused: state (Redis) unreachable (${route}).`);
  }
}
