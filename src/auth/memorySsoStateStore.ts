import type { Clock } from '../platform/clock';
import { isSsoStateKey, type SsoState, type SsoStateStore } from './ssoStateStore';

/** The embedded {@link SsoStateStore}: one process's map, entries expiring by the clock. */
export class MemorySsoStateStore implements SsoStateStore {
  private readonly entries = new Map<string, { value: SsoState; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  async put(key: string, value: SsoState, ttlSeconds: number): Promise<void> {
    if (!isSsoStateKey(key)) throw new RangeError('SsoStateStore: unusable key.');
    this.sweep();
    const expiresAt = this.clock.now().toMillis() + ttlSeconds * 1000;
    this.entries.set(key, { value: structuredClone(value), expiresAt });
  }

  async take(key: string): Promise<SsoState | undefined> {
    if (!isSsoStateKey(key)) return undefined;
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry || entry.expiresAt <= this.clock.now().toMillis()) return undefined;
    return entry.value;
  }

  /** Drops expired entries, so abandoned logins do not pile up. */
  private sweep(): void {
    const now = this.clock.now().toMillis();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
