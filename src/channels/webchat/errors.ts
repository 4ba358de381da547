/** A proactive message addressed to something that is not a web-chat session. */
export class WebChatReferenceError extends Error {
  override readonly name = 'WebChatReferenceError';
  readonly code = 'webchat_bad_reference';

  constructor(readonly channelId: string | undefined) {
    super(
      `A web-chat conversation reference needs a session id (channel: ${channelId ?? 'none'}).`,
    );
  }
}

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

/** An adapter operation the web chat cannot do: a sent message cannot be changed. */
export class WebChatUnsupportedError extends Error {
  override readonly name = 'WebChatUnsupportedError';
  readonly code = 'webchat_unsupported';

  constructor(readonly operation: string) {
    super(`The web chat does not support ${operation}.`);
  }
}
