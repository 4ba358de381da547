/**
 * A web-chat request the service refuses because of the client (bad JSON, unknown session, too
 * fast…). The route answers `status` with `{ error: code }`; the page shows its own text per code.
 */
export class WebChatRequestError extends Error {
  override readonly name = 'WebChatRequestError';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`web-chat request refused: ${code} (${status})`);
  }
}
