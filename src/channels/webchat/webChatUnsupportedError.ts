/** An adapter operation the web chat cannot do: a sent message cannot be changed. */
export class WebChatUnsupportedError extends Error {
  override readonly name = 'WebChatUnsupportedError';
  readonly code = 'webchat_unsupported';

  constructor(readonly operation: string) {
    super(`The web chat does not support ${operation}.`);
  }
}
