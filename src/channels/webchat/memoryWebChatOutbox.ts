import { systemClock, type Clock } from '../../platform/clock';
import { SessionWaiters } from './sessionWaiters';
import type { WebChatDraft, WebChatMessage, WebChatSession } from './webChatMessage';
import {
  OUTBOX_MAX_MESSAGES,
  SESSION_TTL_SECONDS,
  type ReadOptions,
  type WebChatOutbox,
} from './webChatOutbox';

interface Entry {
  session: WebChatSession;
  started: boolean;
  messages: WebChatMessage[];
  seq: number;
  expiresAt: number;
  rate: { windowEndsAt: number; count: number };
}

export interface MemoryWebChatOutboxOptions {
  clock?: Clock;
  ttlSeconds?: number;
  maxMessages?: number;
  /**
   * Beyond this many sessions the least recently used are dropped, so a flood cannot exhaust
   * memory; sessions in use (a page polls every few seconds) are the last to go.
   */
  maxSessions?: number;
}

/** The embedded outbox: sessions in this process only. Enough for one instance. */
export class MemoryWebChatOutbox implements WebChatOutbox {
  private readonly entries = new Map<string, Entry>();
  private readonly waiters = new SessionWaiters();
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly maxMessages: number;
  private readonly maxSessions: number;

  constructor(options: MemoryWebChatOutboxOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.ttlMs = (options.ttlSeconds ?? SESSION_TTL_SECONDS) * 1000;
    this.maxMessages = options.maxMessages ?? OUTBOX_MAX_MESSAGES;
    this.maxSessions = options.maxSessions ?? 100_000;
  }

  async open(sessionId: string, session: WebChatSession): Promise<void> {
    if (this.entries.size >= this.maxSessions) this.evict();
    this.entries.set(sessionId, {
      session: { ...session },
      started: false,
      messages: [],
      seq: 0,
      expiresAt: this.now() + this.ttlMs,
      rate: { windowEndsAt: 0, count: 0 },
    });
  }

  async find(sessionId: string): Promise<WebChatSession | undefined> {
    const entry = this.live(sessionId);
    return entry ? { ...entry.session } : undefined;
  }

  async claimStart(sessionId: string): Promise<boolean> {
    const entry = this.live(sessionId);
    if (!entry || entry.started) return false;
    entry.started = true;
    return true;
  }

  async countIncoming(sessionId: string, windowMs: number): Promise<number> {
    const entry = this.live(sessionId);
    if (!entry) return 0;
    const now = this.now();
    if (entry.rate.windowEndsAt <= now) entry.rate = { windowEndsAt: now + windowMs, count: 0 };
    entry.rate.count += 1;
    return entry.rate.count;
  }

  async append(sessionId: string, drafts: WebChatDraft[]): Promise<number[]> {
    const entry = this.live(sessionId);
    if (!entry || drafts.length === 0) return [];
    const seqs = drafts.map((draft) => {
      entry.seq += 1;
      entry.messages.push({ seq: entry.seq, ...structuredClone(draft) });
      return entry.seq;
    });
    if (entry.messages.length > this.maxMessages) {
      entry.messages.splice(0, entry.messages.length - this.maxMessages);
    }
    this.waiters.wake(sessionId);
    return seqs;
  }

  async read(
    sessionId: string,
    after: number,
    options: ReadOptions = {},
  ): Promise<WebChatMessage[]> {
    const ticket = this.waiters.listen(sessionId);
    try {
      const found = this.newer(sessionId, after);
      if (found.length > 0 || this.waiters.closed) return found;
      await ticket.wait(options.waitMs ?? 0, options.signal);
      return this.newer(sessionId, after);
    } finally {
      ticket.dispose();
    }
  }

  async close(): Promise<void> {
    this.waiters.closeAll();
  }

  private newer(sessionId: string, after: number): WebChatMessage[] {
    const messages = this.entries.get(sessionId)?.messages ?? [];
    return messages.filter((m) => m.seq > after).map((m) => structuredClone(m));
  }

  /** The session if it has not expired; using it keeps it alive and last in line for eviction. */
  private live(sessionId: string): Entry | undefined {
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.expiresAt <= now) {
      this.entries.delete(sessionId);
      return undefined;
    }
    entry.expiresAt = now + this.ttlMs;
    // A Map iterates in insertion order: re-inserting keeps it ordered by last use.
    this.entries.delete(sessionId);
    this.entries.set(sessionId, entry);
    return entry;
  }

  private evict(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
    // Still full: drop the sessions used least recently (first in the Map, see live()).
    // A flood of new sessions (bounded per address by the routes) thus pushes out abandoned
    // sessions first, not a page that keeps polling.
    for (const id of this.entries.keys()) {
      if (this.entries.size < this.maxSessions) break;
      this.entries.delete(id);
    }
  }

  private now(): number {
    return this.clock.now().toMillis();
  }
}
