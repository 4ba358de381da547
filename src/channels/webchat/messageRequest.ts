import { isSessionId } from './sessionId';
import { WebChatRequestError } from './errors';

/** What the page may post to `/api/webchat/messages`, once checked. */
export type MessageRequest =
  | {
      type: 'message';
      sessionId: string;
      /** What the bot receives: the typed text, or the pressed button's value. */
      text: string;
      /** What the transcript shows: the typed text, or the pressed button's label. */
      shown: string;
      locale?: string;
      clientId?: string;
    }
  | { type: 'conversationUpdate'; sessionId: string; locale?: string };

const LOCALE = /^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8}){0,7}$/;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_LABEL = 200;

/** Checks a session-creation body: `{ locale? }` (or no body at all). */
export function parseSessionRequest(body: unknown): { locale?: string } {
  if (body === undefined) return {};
  return { locale: localeOf(objectOf(body).locale) };
}

/**
 * Checks a message body: `{ sessionId, text }`, `{ sessionId, value, label? }` (a button) or
 * `{ sessionId, type: 'conversationUpdate' }` (the page's first contact); each may carry
 * `locale` and `clientId`. Text is trimmed and must hold 1 to `maxText` characters.
 */
export function parseMessageRequest(body: unknown, maxText: number): MessageRequest {
  const fields = objectOf(body);
  if (!isSessionId(fields.sessionId)) throw new WebChatRequestError(400, 'invalid_session_id');
  const sessionId = fields.sessionId;
  const locale = localeOf(fields.locale);
  if (fields.type === 'conversationUpdate')
    return { type: 'conversationUpdate', sessionId, locale };
  if (fields.type !== undefined && fields.type !== 'message') {
    throw new WebChatRequestError(400, 'invalid_message');
  }
  const hasText = fields.text !== undefined;
  const hasValue = fields.value !== undefined;
  if (hasText === hasValue) throw new WebChatRequestError(400, 'invalid_message');
  const text = checkedText(hasText ? fields.text : fields.value, maxText);
  const label = typeof fields.label === 'string' ? fields.label.trim() : '';
  const shown = hasValue && label ? [...label].slice(0, MAX_LABEL).join('') : text;
  if (
    fields.clientId !== undefined &&
    !(typeof fields.clientId === 'string' && CLIENT_ID.test(fields.clientId))
  ) {
    throw new WebChatRequestError(400, 'invalid_client_id');
  }
  return { type: 'message', sessionId, text, shown, locale, clientId: fields.clientId };
}

function objectOf(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new WebChatRequestError(400, 'invalid_body');
  }
  return body as Record<string, unknown>;
}

function localeOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 64 || !LOCALE.test(value)) {
    throw new WebChatRequestError(400, 'invalid_locale');
  }
  return value;
}

function checkedText(value: unknown, maxText: number): string {
  if (typeof value !== 'string') throw new WebChatRequestError(400, 'invalid_message');
  const text = value.trim();
  if (text.length === 0) throw new WebChatRequestError(400, 'empty_text');
  // Characters as a person counts them: an emoji is one, not two UTF-16 units.
  if ([...text].length > maxText) throw new WebChatRequestError(400, 'text_too_long');
  return text;
}
