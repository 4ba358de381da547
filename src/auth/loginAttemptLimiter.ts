/** One login attempt, as the limiter sees it: the typed ID (normalized) and the client address. */
export interface LoginAttempt {
  studentId: string;
  address: string;
}

/** At most `max` attempts in a fixed window of `windowSeconds` from the first one. */
export interface AttemptLimit {
  max: number;
  windowSeconds: number;
}

export interface LoginAttemptLimits {
  /**
   * Guessing one student's password from one address. Counted per ID *and* address: a limit on
   * the ID alone would let anyone lock a student out everywhere by failing five times.
   */
  perStudentId: AttemptLimit;
  /** Guessing from one address, across IDs. */
  perAddress: AttemptLimit;
}

/**
 * The key of the per-ID counter: the address first, as an IP address (or `unknown`, or a
 * `staff:` one) never holds a `/`, so no two attempts share a key by accident.
 */
export function idAtAddress(attempt: LoginAttempt): string {
  return `${attempt.address}/${attempt.studentId}`;
}

export const DEFAULT_LOGIN_LIMITS: LoginAttemptLimits = {
  perStudentId: { max: 5, windowSeconds: 15 * 60 },
  perAddress: { max: 20, windowSeconds: 15 * 60 },
};

/**
 * Limits password guessing. An attempt is counted *before* the password is checked, so
 * parallel guesses cannot slip past the limit; a successful login then takes its count back
 * (clears the ID's counter at that address, returns the address's). The unknown-ID and the
 * wrong-password cases are counted alike, so being limited tells nothing about whether an ID
 * exists. Every counter includes the client address, so one client at its limit never locks out
 * another: the student typing the right password elsewhere still gets in.
 * Memory and Redis implementations pass one contract suite; windows follow the injected clock.
 */
export interface LoginAttemptLimiter {
  /** Counts the attempt; false (and nothing counted) when either limit is already reached. */
  acquire(attempt: LoginAttempt): Promise<boolean>;
  /** It succeeded: forget the ID's failures at this address; do not count it for the address. */
  succeeded(attempt: LoginAttempt): Promise<void>;
}
