import type { Logger } from '../../platform/logger';
import { LineApiError } from './errors';
import type { LineClient, LineProfile } from './lineClient';

interface Entry {
  profile: Promise<LineProfile>;
  expiresAt: number;
}

/**
 * Each user's LINE profile (the app's language, the display name), from the profile API,
 * remembered for a few minutes so that a burst of turns — and a login right after the first
 * contact — costs one lookup. A failed lookup answers an empty profile (the bot then uses its
 * default language, and the login page names only the channel) and is not remembered, except
 * "no such profile" (404: the user blocked the account), which would fail again.
 */
export class LineProfileCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly client: Pick<LineClient, 'getProfile'>,
    private readonly logger: Logger,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The profile of `userId`; never rejects. */
  lookup(userId: string): Promise<LineProfile> {
    const now = this.now();
    const cached = this.entries.get(userId);
    if (cached && cached.expiresAt > now) return cached.profile;
    const profile = this.fetch(userId);
    this.remember(userId, { profile, expiresAt: now + this.ttlMs });
    return profile;
  }

  private async fetch(userId: string): Promise<LineProfile> {
    try {
      return await this.client.getProfile(userId);
    } catch (err) {
      const status = err instanceof LineApiError ? err.status : undefined;
      if (status !== 404) this.entries.delete(userId);
      this.logger.warn({ status }, 'LINE profile lookup failed; going on without it');
      return {};
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
