/**
 * What a single sign-on callback must check, remembered between sending the browser to the
 * identity provider and its answer: for SAML the AuthnRequest's ID (the answer's `InResponseTo`),
 * for OIDC the `state` (with the PKCE verifier and the nonce). Each entry is used once and
 * expires; shared through Redis, so a login started on one instance completes on another.
 */
export interface SsoStateStore {
  /** Remembers `value` under `key` for `ttlSeconds`. */
  put(key: string, value: SsoState, ttlSeconds: number): Promise<void>;
  /** The value once, then never again (undefined when unknown, expired or already taken). */
  take(key: string): Promise<SsoState | undefined>;
}

/** One pending single sign-on: the login request it answers, and protocol details to check. */
export interface SsoState {
  /** The login request (`/auth/login?request=`) this sign-on will complete. */
  requestId: string;
  /** Protocol details (PKCE verifier, nonce, …); strings only. */
  details?: Record<string, string>;
}

/** Keys are protocol ids and random states: bounded, printable, no separators. */
export function isSsoStateKey(key: unknown): key is string {
  return typeof key === 'string' && /^[A-Za-z0-9_.-]{8,200}$/.test(key);
}
