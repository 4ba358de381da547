import type { Card } from '../card';

/** A choice the page shows as a button: pressing it sends `value` and shows `label`. */
export interface WebChatChoice {
  label: string;
  value: string;
}

/** A message before the outbox numbers it. */
export interface WebChatDraft {
  /** Who said it: the bot, or the student (kept so that a reloaded page shows both sides). */
  from: 'bot' | 'user';
  text?: string;
  choices?: WebChatChoice[];
  cards?: Card[];
  /** The page's own id for a message it sent, so the page does not show it twice. */
  clientId?: string;
}

/** A message as the page fetches it: numbered in the order the outbox took it. */
export interface WebChatMessage extends WebChatDraft {
  seq: number;
}

/** What the service remembers about one web-chat session. */
export interface WebChatSession {
  /** The browser's language (e.g. "ja-JP"), given when the session was opened. */
  locale?: string;
}
