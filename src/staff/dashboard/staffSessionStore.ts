/** A signed-in staff member's session, as the dashboard reads it back. */
export interface StaffSession {
  staffId: string;
  /** Epoch milliseconds of the login. */
  createdAt: number;
}

/** How long a session lives: `idleMs` after its last request, never past `absoluteMs`. */
export interface StaffSessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/** A working day: a session this old ends even if it was used a minute ago. */
export const ABSOLUTE_SESSION_MS = 12 * 60 * 60 * 1000;

/** The limits of every session: `STAFF_SESSION_IDLE_MINUTES`, and a working day at most. */
export function staffSessionLimits(idleMinutes: number): StaffSessionLimits {
  return { idleMs: idleMinutes * 60_000, absoluteMs: ABSOLUTE_SESSION_MS };
}

/**
 * Dashboard sessions. The session id is a bearer secret ({@link randomToken}): the store keeps
 * only its SHA-256, so a dump of the store cannot be replayed. Expiry follows the injected clock,
 * sliding on every {@link resume}. Memory and Redis implementations pass one contract suite.
 */
export interface StaffSessionStore {
  /** Starts a session for `staffId`; resolves with its new id (for the cookie only). */
  create(staffId: string): Promise<string>;
  /**
   * The session when it is known and neither idle nor too old; counts as activity (the idle
   * time starts again). An expired session is deleted and resolves undefined.
   */
  resume(sessionId: string): Promise<StaffSession | undefined>;
  /** Ends the session (logout); unknown ids are ignored. */
  destroy(sessionId: string): Promise<void>;
}
