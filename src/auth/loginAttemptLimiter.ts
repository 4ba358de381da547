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
  /** Guessing one student's password. */
  perStudentId: AttemptLimit;
  /** Guessing from one place, across IDs. */
  perAddress: AttemptLimit;
}

export const DEFAULT_LOGIN_LIMITS: LoginAttemptLimits = {
  perStudentId: { max: 5, windowSeconds: 15 * 60 },
  perAddress: { max: 20, windowSeconds: 15 * 60 },
};

/**
 * Limits password guessing. An attempt is counted *before* the password is checked, so
 * parallel guesses cannot slip past the limit; a successful login then takes its count back
 * (clears the ID's counter, returns the address's). The unknown-ID and the wrong-password cases
 * are counted alike, so being limited tells nothing about whether an ID exists.
 * Memory and Redis implementations pass one contract suite; windows follow the injected clock.
 */
export interface LoginAttemptLimiter {
  /** Counts the attempt; false (and nothing counted) when either limit is already reached. */
  acquire(attempt: LoginAttempt): Promise<boolean>;
  /** The attempt succeeded: forget the ID's failures and do not hold it against the address. */
  succeeded(attempt: LoginAttempt): Promise<void>;
}
