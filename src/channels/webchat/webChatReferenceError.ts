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
