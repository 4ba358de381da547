import type { WebChatDraft, WebChatMessage, WebChatSession } from './webChatMessage';

/** Messages kept per session: enough for a reloaded page to show the conversation so far. */
export const OUTBOX_MAX_MESSAGES = 200;

/** A session nobody used for this long is forgotten. */
export const SESSION_TTL_SECONDS = 24 * 3600;

export interface ReadOptions {
  /** How long to wait for a first message when none is there yet; 0 answers at once. */
  waitMs?: number;
  /** Ends the wait early (the page went away). */
  signal?: AbortSignal;
}

/**
 * The web chat's shared state: its sessions and, per session, the numbered messages the page
 * fetches. Every instance behind the load balancer sees the same outbox, so the page never
 * depends on the instance that took its message.
 */
export interface WebChatOutbox {
  /** Starts a session with an empty outbox. */
  open(sessionId: string, session: WebChatSession): Promise<void>;
  /** The session, or undefined if it never existed or expired; looking keeps it alive. */
  find(sessionId: string): Promise<WebChatSession | undefined>;
  /** True the first time only, so that the greeting turn runs once per session. */
  claimStart(sessionId: string): Promise<boolean>;
  /**
   * Counts one incoming message against the session's rate limit and returns how many it sent
   * in the current window (kept here so that the limit holds across instances).
   */
  countIncoming(sessionId: string, windowMs: number): Promise<number>;
  /**
   * Numbers the messages and adds them at the end, in order, waking readers. Messages for a
   * session that no longer exists are dropped: the result is then empty.
   */
  append(sessionId: string, drafts: WebChatDraft[]): Promise<number[]>;
  /** The messages numbered above `after`, oldest first, waiting for one if there is none yet. */
  read(sessionId: string, after: number, options?: ReadOptions): Promise<WebChatMessage[]>;
  /** Answers every waiting read at once and releases what the outbox holds. */
  close(): Promise<void>;
}
