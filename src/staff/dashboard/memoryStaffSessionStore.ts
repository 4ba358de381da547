import { isRandomToken, randomToken, tokenHash } from '../../auth/randomToken';
import type { Clock } from '../../platform/clock';
import type { StaffSession, StaffSessionLimits, StaffSessionStore } from './staffSessionStore';

interface Stored extends StaffSession {
  lastSeenAt: number;
}

/** Beyond this many sessions, expired ones are swept before a new one is added. */
const SWEEP_ABOVE = 1000;

/** The embedded {@link StaffSessionStore}: sessions of one process, lost on restart. */
export class MemoryStaffSessionStore implements StaffSessionStore {
  private readonly sessions = new Map<string, Stored>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: StaffSessionLimits,
  ) {}

  async create(staffId: string): Promise<string> {
    const now = this.clock.now().toMillis();
    if (this.sessions.size > SWEEP_ABOVE) this.sweep(now);
    const sessionId = randomToken();
    this.sessions.set(tokenHash(sessionId), { staffId, createdAt: now, lastSeenAt: now });
    return sessionId;
  }

  async resume(sessionId: string): Promise<StaffSession | undefined> {
    if (!isRandomToken(sessionId)) return undefined;
    const key = tokenHash(sessionId);
    const stored = this.sessions.get(key);
    if (!stored) return undefined;
    const now = this.clock.now().toMillis();
    if (this.expired(stored, now)) {
      this.sessions.delete(key);
      return undefined;
    }
    stored.lastSeenAt = now;
    return { staffId: stored.staffId, createdAt: stored.createdAt };
  }

  async destroy(sessionId: string): Promise<void> {
    if (isRandomToken(sessionId)) this.sessions.delete(tokenHash(sessionId));
  }

  private expired(stored: Stored, now: number): boolean {
    return (
      now - stored.lastSeenAt >= this.limits.idleMs ||
      now - stored.createdAt >= this.limits.absoluteMs
    );
  }

  private sweep(now: number): void {
    for (const [key, stored] of this.sessions) {
      if (this.expired(stored, now)) this.sessions.delete(key);
    }
  }
}
