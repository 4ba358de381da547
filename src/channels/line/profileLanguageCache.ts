import type { Logger } from '../../platform/logger';
import { LineApiError } from './lineApiError';
import type { LineClient } from './lineClient';

interface Entry {
  language: Promise<string | undefined>;
  expiresAt: number;
}

/**
 * The language of each user's LINE app, from the profile API, remembered for a few minutes so
 * that a burst of turns costs one lookup. A failed lookup answers undefined (the bot then
 * uses its default language) and is not remembered, except "no such profile" (404: the user
 * blocked the account), which would fail again.
 */
export class ProfileLanguageCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly client: Pick<LineClient, 'getProfileLanguage'>,
    private readonly logger: Logger,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  lookup(userId: string): Promise<string | undefined> {
    const now = this.now();
    const cached = this.entries.get(userId);
    if (cached && cached.expiresAt > now) return cached.language;
    const language = this.fetch(userId);
    this.remember(userId, { language, expiresAt: now + this.ttlMs });
    return language;
  }

  private async fetch(userId: string): Promise<string | undefined> {
    try {
      return await this.client.getProfileLanguage(userId);
    } catch (err) {
      const status = err instanceof LineApiError ? err.status : undefined;
      if (status !== 404) this.entries.delete(userId);
      this.logger.warn({ status }, 'LINE profile lookup failed; using the default language');
      return undefined;
    }
  }

  private remember(userId: string, entry: Entry): void {
    this.entries.delete(userId);
    this.entries.set(userId, entry);
    // A Map iterates in insertion order, so the first key is the least recently fetched.
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
