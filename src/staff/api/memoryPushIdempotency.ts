import type { Clock } from '../../platform/clock';
import {
  IDEMPOTENCY_PENDING_SECONDS,
  IDEMPOTENCY_TTL_SECONDS,
  type IdempotencyClaim,
  type PushIdempotency,
} from './pushIdempotency';

interface Held {
  fingerprint: string;
  pushId?: string;
  expiresAtMs: number;
}

/** The embedded {@link PushIdempotency}: one process, lost on restart. */
export class MemoryPushIdempotency implements PushIdempotency {
  private readonly held = new Map<string, Held>();

  constructor(private readonly clock: Clock) {}

  async claim(keyId: string, fingerprint: string): Promise<IdempotencyClaim> {
    const now = this.clock.now().toMillis();
    for (const [id, entry] of this.held) if (entry.expiresAtMs <= now) this.held.delete(id);
    const entry = this.held.get(keyId);
    if (entry?.pushId !== undefined) {
      return { kind: 'done', fingerprint: entry.fingerprint, pushId: entry.pushId };
    }
    if (entry) return { kind: 'pending', fingerprint: entry.fingerprint };
    this.held.set(keyId, { fingerprint, expiresAtMs: now + IDEMPOTENCY_PENDING_SECONDS * 1000 });
    return { kind: 'claimed' };
  }

  async complete(keyId: string, fingerprint: string, pushId: string): Promise<void> {
    const expiresAtMs = this.clock.now().toMillis() + IDEMPOTENCY_TTL_SECONDS * 1000;
    this.held.set(keyId, { fingerprint, pushId, expiresAtMs });
  }

  async release(keyId: string): Promise<void> {
    this.held.delete(keyId);
  }
}
