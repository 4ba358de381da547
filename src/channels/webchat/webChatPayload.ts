import { isSessionId } from './sessionId';

/**
 * A web-chat turn as it travels through the turn queue (JSON, so any instance can run it):
 * a message the student typed or pressed, or the page's first contact.
 */
export type WebChatPayload =
  | {
      type: 'message';
      sessionId: string;
      text: string;
      locale?: string;
      /**
       * The student's line for the transcript (the typed text or the pressed button's label),
       * written when the turn runs, so that a message refused with 503 leaves no trace.
       */
      shown?: string;
      /** The page's own id of the message, so that the page does not show it twice. */
      clientId?: string;
    }
  | { type: 'conversationUpdate'; sessionId: string; locale?: string };

/** The payload if `value` is a well-formed one (it may come back from Redis), else undefined. */
export function parseWebChatPayload(value: unknown): WebChatPayload | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, sessionId, text, locale, shown, clientId } = value as Record<string, unknown>;
  if (!isSessionId(sessionId)) return undefined;
  if (!optionalText(locale) || !optionalText(shown) || !optionalText(clientId)) return undefined;
  if (type === 'conversationUpdate') return { type, sessionId, locale };
  if (type === 'message' && typeof text === 'string') {
    return { type, sessionId, text, locale, shown, clientId };
  }
  return undefined;
}

function optionalText(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}
