/** The web chat's limits; tests shorten the long poll, operators may tune the rest. */
export interface WebChatLimits {
  /** Characters one message may hold, after trimming. */
  maxTextLength: number;
  /** Bytes one request body may hold. */
  maxBodyBytes: number;
  /** Messages one session may post per window (a bot answers people, not scripts). */
  rateLimit: { max: number; windowMs: number };
  /**
   * Sessions one client address may open per window. Each session holds state for a day, so an
   * unbounded flood would fill Redis (or, in memory, push other people's sessions out).
   */
  sessionsPerAddress: { max: number; windowMs: number };
  /** How long a poll waits for a message before answering with none. */
  pollWaitMs: number;
}

export const DEFAULT_WEBCHAT_LIMITS: WebChatLimits = {
  maxTextLength: 2000,
  // 2000 characters of 4-byte UTF-8, or escaped as \uXXXX pairs, plus the other fields.
  maxBodyBytes: 32 * 1024,
  rateLimit: { max: 20, windowMs: 10_000 },
  // A page opens one session and keeps it; 20 covers a household or a lab behind one address.
  sessionsPerAddress: { max: 20, windowMs: 10 * 60_000 },
  pollWaitMs: 20_000,
};
