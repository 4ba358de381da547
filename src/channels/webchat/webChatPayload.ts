import { isSessionId } from './sessionId';

/**
 * A web-chat turn as it travels through the turn queue (JSON, so any instance can run it):
 * a message the student typed or pressed, or the page's first contact.
 */
export type WebChatPayload =
  | { type: 'message'; sessionId: string; text: string; locale?: string }
  | { type: 'conversationUpdate'; sessionId: string; locale?: string };

/** The payload if `value` is a well-formed one (it may come back from Redis), else undefined. */
export function parseWebChatPayload(value: unknown): WebChatPayload | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, sessionId, text, locale } = value as Record<string, unknown>;
  if (!isSessionId(sessionId)) return undefined;
  if (locale !== undefined && typeof locale !== 'string') return undefined;
  if (type === 'conversationUpdate') return { type, sessionId, locale };
  if (type === 'message' && typeof text === 'string') return { type, sessionId, text, locale };
  return undefined;
}
