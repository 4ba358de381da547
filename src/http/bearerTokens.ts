import { createHash, timingSafeEqual } from 'node:crypto';

/** A configured bearer token and the name it appears under in logs (e.g. the staff audit log). */
export interface BearerToken {
  name: string;
  token: string;
}

/** What `Authorization` carried: no bearer token at all, or one that matched or did not. */
export type BearerCheck =
  { kind: 'missing' } | { kind: 'invalid' } | { kind: 'valid'; name: string };

// RFC 6750's b64token, bounded: longer than any configured token is wrong anyway.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,512}=*) *$/i;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer …` (the staff API, `/metrics`) against every configured token. Tokens are compared as
 * SHA-256 digests (equal lengths, so `timingSafeEqual` applies) and every token is compared on
 * every request, so neither the time taken nor an early exit tells which token came close. With
 * no tokens configured, nothing is valid.
 */
export class BearerTokens {
  private readonly known: { name: string; digest: Buffer }[];

  constructor(tokens: readonly BearerToken[]) {
    this.known = tokens.map(({ name, token }) => ({ name, digest: digest(token) }));
  }

  get configured(): boolean {
    return this.known.length > 0;
  }

  check(authorization: string | undefined): BearerCheck {
    if (!authorization?.trim()) return { kind: 'missing' };
    const presented = BEARER.exec(authorization.trim());
    // Compared even when malformed, so a malformed header costs the same as a wrong token.
    const candidate = digest(presented?.[1] ?? authorization);
    let found: string | undefined;
    for (const { name, digest: expected } of this.known) {
      const equal = timingSafeEqual(candidate, expected);
      if (equal && presented && found === undefined) found = name;
    }
    return found === undefined ? { kind: 'invalid' } : { kind: 'valid', name: found };
  }
}
